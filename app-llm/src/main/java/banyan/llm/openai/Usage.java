package banyan.llm.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token usage of one completion.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens in the answer
 * @param totalTokens the sum of both
 */
public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
		@JsonProperty("completion_tokens") long completionTokens, @JsonProperty("total_tokens") long totalTokens) {

	public static Usage of(long promptTokens, long completionTokens) {
		return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
	}

}
