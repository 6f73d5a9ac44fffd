package banyan.llm.embedding;

import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.TokenCounter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The {@link Embedder} that {@code banyan.llm.embedding.provider} names. */
@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

	@Bean
	Embedder embedder(EmbeddingSettings settings, ProviderSettings providers, Embeddings local, TokenCounter tokens,
			WebClient.Builder webClients) {
		if (EmbeddingSettings.LOCAL.equals(settings.provider())) {
			return new LocalEmbedder(local, tokens, settings.model());
		}
		ProviderSettings.Provider provider = providers.providers().get(settings.provider());
		if (provider == null || provider.type() != ProviderSettings.Type.OPENAI) {
			throw new IllegalStateException("banyan.llm.embedding.provider is '" + settings.provider()
					+ "': it must be 'local' or the name of a provider of type openai under banyan.llm.providers");
		}
		return new OpenAiEmbedder(settings.provider(), provider, settings, webClients);
	}

}
