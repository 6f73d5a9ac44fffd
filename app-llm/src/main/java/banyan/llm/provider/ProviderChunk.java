package banyan.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a provider's answer.
 *
 * @param text text to append; empty when the chunk only carries a finish reason or usage
 * @param finishReason why the answer ended, in OpenAI's vocabulary; {@code null} until
 * the end
 * @param usage the token usage as the provider reports it; {@code null} when it does not
 */
public record ProviderChunk(String text, @Nullable String finishReason, @Nullable TokenUsage usage) {

	public static ProviderChunk text(String text) {
		return new ProviderChunk(text, null, null);
	}

}
