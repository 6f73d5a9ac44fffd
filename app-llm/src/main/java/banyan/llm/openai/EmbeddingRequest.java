package banyan.llm.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.server.ServerWebInputException;

/**
 * The body of {@code POST /v1/embeddings}.
 *
 * @param model the embedding model's name
 * @param input one text, or an array of texts (token arrays are not accepted)
 * @param encodingFormat {@code float} (the default) or {@code base64}
 * @param dimensions the vector length asked for; only the model's own is possible
 * @param user the end user, as OpenAI accepts it (not used)
 */
public record EmbeddingRequest(@NotBlank String model, @Nullable JsonNode input,
		@JsonProperty("encoding_format") @Pattern(regexp = "float|base64",
				message = "must be 'float' or 'base64'") @Nullable String encodingFormat,
		@Nullable Integer dimensions, @Nullable String user) {

	/** The most texts one request may embed, as OpenAI allows. */
	public static final int MAX_INPUTS = 2048;

	/** Whether the vectors are to be sent as base64 of little-endian floats. */
	public boolean base64() {
		return "base64".equals(this.encodingFormat);
	}

	/**
	 * The texts to embed.
	 * @throws ServerWebInputException if {@code input} is missing, empty, holds a text
	 * that is empty or is not text, or has more than {@link #MAX_INPUTS} texts
	 */
	public List<String> texts() {
		if (this.input == null || this.input.isNull()) {
			throw new ServerWebInputException("input is required: a text or an array of texts.");
		}
		if (this.input.isString()) {
			return List.of(text(this.input));
		}
		if (!this.input.isArray() || this.input.isEmpty()) {
			throw new ServerWebInputException("input must be a text or a non-empty array of texts.");
		}
		if (this.input.size() > MAX_INPUTS) {
			throw new ServerWebInputException("input may hold at most " + MAX_INPUTS + " texts.");
		}
		List<String> texts = new ArrayList<>(this.input.size());
		for (JsonNode item : this.input) {
			texts.add(text(item));
		}
		return texts;
	}

	private static String text(JsonNode item) {
		if (!item.isString()) {
			throw new ServerWebInputException(
					"input must hold texts; arrays of token ids are not accepted by this server.");
		}
		if (item.asString().isBlank()) {
			throw new ServerWebInputException("input must not hold an empty text.");
		}
		return item.asString();
	}

}
