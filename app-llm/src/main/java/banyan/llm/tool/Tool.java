package banyan.llm.tool;

import java.math.BigDecimal;
import java.util.Map;

import banyan.llm.identity.Caller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A tool the server runs when a model asks for it.
 */
public interface Tool {

	/** The name the model calls it by. */
	String name();

	/** What it does, for the model. */
	String description();

	/** Its arguments as a JSON Schema object. */
	Map<String, Object> parameters();

	/** The estimated cost of one call, in the currency of the model prices. */
	BigDecimal costEstimate();

	/**
	 * Runs the tool for the caller. A result the model should see (including "not found")
	 * is a value; only unexpected failures are errors of the mono.
	 */
	Mono<ToolResult> call(Caller caller, JsonNode arguments);

	/** The definition in OpenAI's {@code tools} format. */
	default Map<String, Object> definition() {
		return Map.of("type", "function", "function",
				Map.of("name", name(), "description", description(), "parameters", parameters()));
	}

}
