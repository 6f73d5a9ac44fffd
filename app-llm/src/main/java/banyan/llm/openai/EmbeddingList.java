package banyan.llm.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code POST /v1/embeddings}.
 *
 * @param object always {@code list}
 * @param data one embedding per input text, in their order
 * @param model the model that embedded them
 * @param usage the tokens read
 */
public record EmbeddingList(String object, List<Item> data, String model, Usage usage) {

	public static EmbeddingList of(List<Item> data, String model, long promptTokens) {
		return new EmbeddingList("list", data, model, new Usage(promptTokens, promptTokens));
	}

	/**
	 * One embedding.
	 *
	 * @param object always {@code embedding}
	 * @param index the position of its text in the request
	 * @param embedding the vector: an array of numbers, or a base64 text of little-endian
	 * 32-bit floats
	 */
	public record Item(String object, int index, Object embedding) {

		public static Item of(int index, Object embedding) {
			return new Item("embedding", index, embedding);
		}

	}

	/**
	 * Tokens read.
	 *
	 * @param promptTokens the tokens of the input texts
	 * @param totalTokens the same
	 */
	public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
			@JsonProperty("total_tokens") long totalTokens) {
	}

}
