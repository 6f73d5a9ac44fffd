package banyan.llm.embedding;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model embeds for retrieval and {@code /v1/embeddings}
 * ({@code banyan.llm.embedding.*}).
 *
 * @param provider {@code local} for the in-process all-MiniLM-L6-v2, or the name of a
 * provider of type {@code openai} under {@code banyan.llm.providers}, whose base URL and
 * API key are used for its {@code /embeddings} endpoint
 * @param model the model's name: what {@code /v1/embeddings} answers to, and what is sent
 * to the provider
 * @param batchSize the most texts sent to a provider in one request
 * @param timeout how long one request to a provider may take
 */
@ConfigurationProperties("banyan.llm.embedding")
public record EmbeddingSettings(@DefaultValue(EmbeddingSettings.LOCAL) String provider,
		@DefaultValue(LocalEmbedder.MODEL) String model, @DefaultValue("64") int batchSize,
		@DefaultValue("30s") Duration timeout) {

	/** The in-process model. */
	public static final String LOCAL = "local";

}
