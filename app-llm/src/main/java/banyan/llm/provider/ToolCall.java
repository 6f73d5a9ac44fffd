package banyan.llm.provider;

/**
 * A call of a tool that a model made, whole.
 *
 * @param id the call's id, which the tool's result names
 * @param name the tool's name
 * @param arguments the JSON arguments as the model wrote them
 */
public record ToolCall(String id, String name, String arguments) {
}
