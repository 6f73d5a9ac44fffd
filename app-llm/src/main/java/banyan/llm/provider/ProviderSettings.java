package banyan.llm.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The providers Banyan can call, by name ({@code banyan.llm.providers.<name>.*}).
 *
 * @param providers each provider's settings by its name
 */
@ConfigurationProperties("banyan.llm")
public record ProviderSettings(Map<String, Provider> providers) {

	public ProviderSettings {
		providers = (providers != null) ? Map.copyOf(providers) : Map.of();
	}

	/** The kinds of provider Banyan has an adapter for. */
	public enum Type {

		/** The built-in offline provider. */
		LOCAL,

		/** Any endpoint that speaks OpenAI's {@code /chat/completions}. */
		OPENAI,

		/** Anthropic's Messages API ({@code /v1/messages}). */
		ANTHROPIC

	}

	/**
	 * One provider.
	 *
	 * @param type which adapter talks to it
	 * @param baseUrl for {@code openai}: the base URL that {@code /chat/completions} is
	 * appended to, for example {@code https://api.openai.com/v1} or
	 * {@code http://localhost:11434/v1}; for {@code anthropic}: the base URL that
	 * {@code /messages} is appended to, {@code https://api.anthropic.com/v1}
	 * @param apiKey for {@code openai}: the bearer token, empty for servers that need
	 * none; for {@code anthropic}: the {@code x-api-key}
	 * @param connectTimeout how long to wait for a TCP connection
	 * @param chunkDelay for {@code local}: the pause between streamed words, so the
	 * stream is visible; zero sends them at once
	 * @param defaultMaxTokens for {@code anthropic}, which requires a limit: the most
	 * tokens an answer may have when the request sets none
	 * @param maxConnections the most connections open to the provider at once from one
	 * event loop (each streaming answer holds one; connections are pooled per event loop,
	 * see {@link banyan.support.netty.ColocatedConnections}); further calls wait for one
	 * to free up
	 */
	public record Provider(Type type, @Nullable URI baseUrl, @Nullable String apiKey,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("0ms") Duration chunkDelay,
			@DefaultValue("4096") int defaultMaxTokens, @DefaultValue("2000") int maxConnections) {
	}

}
