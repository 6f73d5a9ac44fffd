package banyan.llm.chat.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /chat/stream}.
 *
 * @param model a model alias from {@code GET /v1/models}
 * @param messages the conversation so far, oldest first
 * @param maxTokens the most tokens the answer may have, or {@code null} for the model's
 * default
 * @param temperature the sampling temperature, or {@code null} for the model's default
 * @param conversationId a conversation to continue (or start): its history goes before
 * {@code messages}, and the answer is added to it; {@code null} for a request on its own
 * @param tools server-side tools the model may call while answering (for example
 * {@code ticket_status}); each call is reported as a {@code tool} event
 */
record ChatStreamRequest(@NotBlank String model, @NotEmpty @Size(max = 1_000) List<@Valid @NotNull Said> messages,
		@Positive @Nullable Integer maxTokens, @Nullable Double temperature, @Nullable UUID conversationId,
		@Nullable @Size(max = 16) List<@NotBlank String> tools) {

	ChatStreamRequest {
		tools = (tools != null) ? List.copyOf(tools) : List.of();
	}

	ChatRequest toChatRequest() {
		return new ChatRequest(this.model,
				this.messages.stream()
					.map((message) -> Message.of(Message.Role.of(message.role()), message.content()))
					.toList(),
				this.maxTokens, this.temperature, Map.of());
	}

	/**
	 * One message.
	 *
	 * @param role {@code system}, {@code user} or {@code assistant}
	 * @param content the text, at most 100,000 characters
	 */
	record Said(
			@NotBlank @Pattern(regexp = "system|user|assistant",
					message = "must be one of system, user, assistant") String role,
			@NotNull @Size(max = 100_000) String content) {
	}

}
