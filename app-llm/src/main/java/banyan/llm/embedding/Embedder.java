package banyan.llm.embedding;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The model that embeds documents and queries for retrieval, and that
 * {@code POST /v1/embeddings} serves: the in-process MiniLM by default, or an
 * OpenAI-compatible embeddings endpoint when one is configured
 * ({@code banyan.llm.embedding.provider}). Vectors are of unit length, so a dot product
 * is their cosine similarity.
 */
public interface Embedder {

	/** The model's name, as {@code /v1/embeddings} requests and answers it. */
	String model();

	/** The vectors of the texts, in their order, computed off the calling thread. */
	Mono<Embedded> embed(List<String> texts);

	/** The vector of one text. */
	default Mono<float[]> embed(String text) {
		return embed(List.of(text)).map((embedded) -> embedded.vectors().get(0));
	}

	/**
	 * Vectors and what computing them counted.
	 *
	 * @param vectors one unit vector per text, in the texts' order
	 * @param inputTokens the tokens read
	 * @param estimated whether {@code inputTokens} was counted by Banyan rather than
	 * reported by the model's provider
	 */
	record Embedded(List<float[]> vectors, long inputTokens, boolean estimated) {

		public Embedded {
			vectors = List.copyOf(vectors);
		}

	}

	/** Makes a vector unit length (in place) and returns it. */
	static float[] unit(float[] vector) {
		double norm = 0;
		for (float value : vector) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		if (norm > 0) {
			for (int i = 0; i < vector.length; i++) {
				vector[i] = (float) (vector[i] / norm);
			}
		}
		return vector;
	}

}
