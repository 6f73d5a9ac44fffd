package banyan.llm.provider;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A chat request on its way to a provider.
 *
 * @param model the model: a catalog alias until it is routed, then the provider's model
 * name
 * @param messages the conversation so far, oldest first
 * @param maxOutputTokens the most tokens the answer may have, or {@code null} for the
 * provider's default
 * @param temperature the sampling temperature, or {@code null} for the provider's default
 * @param passThrough request fields Banyan does not interpret, sent unchanged to
 * providers that understand them
 */
public record ChatRequest(String model, List<Message> messages, @Nullable Integer maxOutputTokens,
		@Nullable Double temperature, Map<String, Object> passThrough) {

	public ChatRequest {
		messages = List.copyOf(messages);
		passThrough = Map.copyOf(passThrough);
	}

	/** The same request to another model. */
	public ChatRequest withModel(String model) {
		return new ChatRequest(model, this.messages, this.maxOutputTokens, this.temperature, this.passThrough);
	}

	/** The same request with other messages. */
	public ChatRequest withMessages(List<Message> messages) {
		return new ChatRequest(this.model, messages, this.maxOutputTokens, this.temperature, this.passThrough);
	}

}
