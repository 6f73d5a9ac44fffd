package banyan.llm.tool;

/**
 * What a tool call gave the model.
 *
 * @param ok whether the tool did what was asked
 * @param output the text the model sees
 */
public record ToolResult(boolean ok, String output) {

	public static ToolResult ok(String output) {
		return new ToolResult(true, output);
	}

	public static ToolResult error(String output) {
		return new ToolResult(false, output);
	}

}
