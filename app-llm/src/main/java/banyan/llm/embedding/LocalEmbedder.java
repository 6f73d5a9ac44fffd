package banyan.llm.embedding;

import java.util.List;

import banyan.llm.provider.TokenCounter;
import reactor.core.publisher.Mono;

/**
 * The in-process all-MiniLM-L6-v2 as the {@link Embedder}. Token counts are estimates
 * (Banyan's tokenizer, not the model's).
 */
final class LocalEmbedder implements Embedder {

	static final String MODEL = "all-minilm-l6-v2";

	private final Embeddings model;

	private final TokenCounter tokens;

	private final String name;

	LocalEmbedder(Embeddings model, TokenCounter tokens, String name) {
		this.model = model;
		this.tokens = tokens;
		this.name = name;
	}

	@Override
	public String model() {
		return this.name;
	}

	@Override
	public Mono<Embedded> embed(List<String> texts) {
		if (texts.isEmpty()) {
			return Mono.just(new Embedded(List.of(), 0, true));
		}
		return this.model.offload(() -> new Embedded(this.model.embedAllNow(texts),
				texts.stream().mapToLong(this.tokens::count).sum(), true));
	}

}
