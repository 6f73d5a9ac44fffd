package banyan.llm.provider;

import java.util.List;

import banyan.contracts.stream.StreamEvent.ToolCallDelta;
import org.jspecify.annotations.Nullable;

/**
 * A piece of a provider's answer.
 *
 * @param text text to append; empty when the chunk carries no text
 * @param toolCalls pieces of tool calls the model makes, in OpenAI's streaming shape;
 * empty when the chunk carries none
 * @param finishReason why the answer ended, in OpenAI's vocabulary; {@code null} until
 * the end
 * @param usage the token usage as the provider reports it; {@code null} when it does not
 */
public record ProviderChunk(String text, List<ToolCallDelta> toolCalls, @Nullable String finishReason,
		@Nullable TokenUsage usage) {

	public ProviderChunk {
		toolCalls = List.copyOf(toolCalls);
	}

	public ProviderChunk(String text, @Nullable String finishReason, @Nullable TokenUsage usage) {
		this(text, List.of(), finishReason, usage);
	}

	public static ProviderChunk text(String text) {
		return new ProviderChunk(text, null, null);
	}

	/** Whether the chunk adds to the answer the client sees (text or a tool call). */
	public boolean hasContent() {
		return !this.text.isEmpty() || !this.toolCalls.isEmpty();
	}

}
