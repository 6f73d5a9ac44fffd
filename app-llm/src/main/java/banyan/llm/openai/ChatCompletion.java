package banyan.llm.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A complete, non-streamed answer: {@code chat.completion}.
 *
 * @param id the completion id
 * @param object always {@code chat.completion}
 * @param created seconds since the epoch when the completion was created
 * @param model the model that answered
 * @param choices the answers
 * @param usage the token usage
 */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

	public static ChatCompletion of(String id, long created, String model, String content, String finishReason,
			Usage usage) {
		return of(id, created, model, new Message("assistant", content, null), finishReason, usage);
	}

	public static ChatCompletion of(String id, long created, String model, Message message, String finishReason,
			Usage usage) {
		return new ChatCompletion(id, "chat.completion", created, model, List.of(new Choice(0, message, finishReason)),
				usage);
	}

	/**
	 * One answer.
	 *
	 * @param index the index of the choice
	 * @param message the assistant's message
	 * @param finishReason why the answer ended
	 */
	public record Choice(int index, Message message, @JsonProperty("finish_reason") @Nullable String finishReason) {
	}

	/**
	 * The assistant's message.
	 *
	 * @param role always {@code assistant}
	 * @param content the text; {@code null} when the model only calls tools
	 * @param toolCalls the tools the model calls, or {@code null} when none
	 */
	public record Message(String role, @Nullable String content,
			@JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<ToolCall> toolCalls) {
	}

	/**
	 * A complete tool call.
	 *
	 * @param id the call's id
	 * @param type always {@code function}
	 * @param function the function and its arguments
	 */
	public record ToolCall(String id, String type, Function function) {
	}

	/**
	 * The function a tool call calls.
	 *
	 * @param name the function's name
	 * @param arguments its arguments, as a JSON string
	 */
	public record Function(String name, String arguments) {
	}

}
