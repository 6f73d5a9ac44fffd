package banyan.llm.provider;

import reactor.core.publisher.Flux;

/**
 * A source of chat answers. Implementations never block the calling thread.
 */
public interface ChatProvider {

	/**
	 * Streams the answer to a request. Nothing happens until the flux is subscribed;
	 * cancelling the subscription cancels the call to the provider. The flux fails with a
	 * {@link ProviderException} when the provider fails.
	 * @param request the request, whose {@code model} is the provider's own model name
	 * @return the answer in pieces, the last one carrying the finish reason and, where
	 * the provider reports it, the usage
	 */
	Flux<ProviderChunk> stream(ChatRequest request);

}
