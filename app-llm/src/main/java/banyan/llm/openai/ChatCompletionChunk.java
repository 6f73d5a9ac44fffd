package banyan.llm.openai;

import java.util.List;

import banyan.contracts.stream.StreamEvent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One {@code chat.completion.chunk} of a streamed answer, sent as {@code data: <json>}.
 *
 * @param id the completion id, the same in every chunk of one answer
 * @param object always {@code chat.completion.chunk}
 * @param created seconds since the epoch when the completion was created
 * @param model the model that answers
 * @param choices one choice per answer; empty in the final usage chunk
 * @param usage the token usage, only in the final usage chunk
 */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Usage usage) {

	public static final String OBJECT = "chat.completion.chunk";

	public static ChatCompletionChunk of(String id, long created, String model, Choice choice) {
		return new ChatCompletionChunk(id, OBJECT, created, model, List.of(choice), null);
	}

	public static ChatCompletionChunk usage(String id, long created, String model, Usage usage) {
		return new ChatCompletionChunk(id, OBJECT, created, model, List.of(), usage);
	}

	/**
	 * A choice of a chunk.
	 *
	 * @param index the index of the choice
	 * @param delta what this chunk adds
	 * @param finishReason why the answer ended, only in the last chunk of a choice
	 */
	public record Choice(int index, Delta delta, @JsonProperty("finish_reason") @Nullable String finishReason) {
	}

	/**
	 * What a chunk adds to the answer.
	 *
	 * @param role the role, only in the first chunk
	 * @param content text to append
	 * @param toolCalls pieces of tool calls, or {@code null}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Delta(@Nullable String role, @Nullable String content,
			@JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls) {

		public Delta(@Nullable String role, @Nullable String content) {
			this(role, content, null);
		}

	}

	/**
	 * A piece of a tool call: the first piece of a call has its id, type and the
	 * function's name, the following ones more of the arguments.
	 *
	 * @param index which call of the answer the piece belongs to
	 * @param id the call's id, only in its first piece
	 * @param type always {@code function}, only in the first piece
	 * @param function the function's name and a piece of its arguments
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ToolCall(int index, @Nullable String id, @Nullable String type, @Nullable Function function) {

		public static ToolCall of(StreamEvent.ToolCallDelta delta) {
			return new ToolCall(delta.index(), delta.id(), (delta.id() != null) ? "function" : null,
					(delta.name() != null || delta.arguments() != null) ? new Function(delta.name(), delta.arguments())
							: null);
		}

		public StreamEvent.ToolCallDelta toDelta() {
			return new StreamEvent.ToolCallDelta(this.index, this.id,
					(this.function != null) ? this.function.name() : null,
					(this.function != null) ? this.function.arguments() : null);
		}

	}

	/**
	 * The function of a tool call piece.
	 *
	 * @param name the function's name, only in the first piece
	 * @param arguments a piece of the JSON arguments
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Function(@Nullable String name, @Nullable String arguments) {
	}

}
