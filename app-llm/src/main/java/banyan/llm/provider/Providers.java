package banyan.llm.provider;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import banyan.llm.provider.anthropic.AnthropicProvider;
import banyan.llm.provider.local.LocalProvider;
import banyan.llm.provider.openai.OpenAiCompatibleProvider;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The configured providers by name, each built once at start.
 */
@Component
public class Providers {

	private final Map<String, ChatProvider> byName = new TreeMap<>();

	Providers(ProviderSettings settings, WebClient.Builder webClients, TokenCounter tokens) {
		settings.providers().forEach((name, provider) -> this.byName.put(name, switch (provider.type()) {
			case LOCAL -> new LocalProvider(provider.chunkDelay(), tokens);
			case OPENAI -> new OpenAiCompatibleProvider(name, provider, webClients);
			case ANTHROPIC -> new AnthropicProvider(name, provider, webClients);
		}));
	}

	/**
	 * The provider with the given name.
	 * @throws IllegalArgumentException if no provider has that name
	 */
	public ChatProvider named(String name) {
		ChatProvider provider = this.byName.get(name);
		if (provider == null) {
			throw new IllegalArgumentException("No provider is named '" + name + "'; configured: " + names());
		}
		return provider;
	}

	/** The names of all configured providers. */
	public Set<String> names() {
		return this.byName.keySet();
	}

}
