package banyan.llm.tool;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The server-side tools app-llm offers, by name.
 */
@Component
public class Tools {

	private final Map<String, Tool> byName;

	Tools(List<Tool> tools) {
		this.byName = tools.stream().collect(Collectors.toUnmodifiableMap(Tool::name, Function.identity()));
	}

	/**
	 * The tools a request asks for.
	 * @throws UnknownTool naming an unknown tool
	 */
	public List<Tool> resolve(List<String> names) {
		return names.stream().distinct().map((name) -> {
			Tool tool = this.byName.get(name);
			if (tool == null) {
				throw new UnknownTool(name, this.byName.keySet());
			}
			return tool;
		}).toList();
	}

}
