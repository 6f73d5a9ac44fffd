package banyan.llm.openai;

import java.util.List;

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
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Delta(@Nullable String role, @Nullable String content) {
	}

}
