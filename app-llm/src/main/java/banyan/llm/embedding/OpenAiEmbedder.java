package banyan.llm.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import banyan.llm.provider.ProviderException;
import banyan.llm.provider.ProviderHttp;
import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.ProviderUnavailable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Embeddings from an OpenAI-compatible {@code POST /embeddings} endpoint, in batches of
 * at most {@code batch-size} texts, over the provider's own connection pool. A provider
 * that refuses the request (400, 404, 413, 422) is a {@link ProviderRejectedRequest}; one
 * that fails otherwise, is unreachable or too slow is a {@link ProviderUnavailable}.
 */
final class OpenAiEmbedder implements Embedder {

	private final String provider;

	private final EmbeddingSettings settings;

	private final WebClient client;

	private final JsonMapper json = ProviderHttp.warmedUp(JsonMapper.builder().build());

	OpenAiEmbedder(String provider, ProviderSettings.Provider providerSettings, EmbeddingSettings settings,
			WebClient.Builder webClients) {
		this.provider = provider;
		this.settings = settings;
		this.client = ProviderHttp.client(provider, providerSettings, webClients, (headers) -> {
			if (StringUtils.hasText(providerSettings.apiKey())) {
				headers.setBearerAuth(providerSettings.apiKey());
			}
		});
	}

	@Override
	public String model() {
		return this.settings.model();
	}

	@Override
	public Mono<Embedded> embed(List<String> texts) {
		List<List<String>> batches = new ArrayList<>();
		for (int from = 0; from < texts.size(); from += this.settings.batchSize()) {
			batches.add(texts.subList(from, Math.min(texts.size(), from + this.settings.batchSize())));
		}
		return Flux.fromIterable(batches).concatMap(this::call).collectList().map((parts) -> {
			List<float[]> vectors = new ArrayList<>(texts.size());
			long tokens = 0;
			for (Embedded part : parts) {
				vectors.addAll(part.vectors());
				tokens += part.inputTokens();
			}
			return new Embedded(vectors, tokens, false);
		});
	}

	private Mono<Embedded> call(List<String> batch) {
		return this.client.post()
			.uri("/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("model", this.settings.model(), "input", batch, "encoding_format", "float"))
			.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
				if (response.statusCode().is2xxSuccessful()) {
					return Mono.fromCallable(() -> read(body, batch.size()));
				}
				return Mono.error(ProviderHttp.failure(this.provider, response, ProviderHttp.abbreviate(body)));
			}))
			.timeout(this.settings.timeout())
			.onErrorMap((failure) -> !(failure instanceof ProviderException),
					(failure) -> new ProviderUnavailable(this.provider, ProviderHttp.describe(failure), failure, null));
	}

	/** The vectors in the order of the texts (the provider gives each its index). */
	private Embedded read(String body, int count) {
		JsonNode root = this.json.readTree(body);
		float[][] vectors = new float[count][];
		for (JsonNode item : root.path("data")) {
			int index = item.path("index").asInt(-1);
			JsonNode values = item.path("embedding");
			if (index < 0 || index >= count || !values.isArray() || values.isEmpty()) {
				throw new IllegalStateException("The embeddings answer has an item without a valid index or vector");
			}
			float[] vector = new float[values.size()];
			for (int i = 0; i < vector.length; i++) {
				vector[i] = (float) values.get(i).asDouble();
			}
			vectors[index] = Embedder.unit(vector);
		}
		for (float[] vector : vectors) {
			if (vector == null) {
				throw new IllegalStateException("The embeddings answer misses a vector for one of the texts");
			}
		}
		return new Embedded(List.of(vectors), root.path("usage").path("prompt_tokens").asLong(0), false);
	}

}
