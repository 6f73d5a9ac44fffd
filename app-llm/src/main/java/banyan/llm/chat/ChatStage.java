package banyan.llm.chat;

import banyan.contracts.stream.StreamEvent;
import reactor.core.publisher.Flux;

/**
 * One stage of the chat pipeline, in the shape of Spring AI's {@code StreamAdvisor}: it
 * gets the exchange and the rest of the chain, and gives the events of the answer, doing
 * its part before the rest is subscribed, on the events as they pass, or when they end.
 * There is one method, for streaming: a whole answer is the same stream collected
 * ({@link ChatPipeline#complete}). A stage fails the flux before any event to refuse a
 * request; cancelling the flux cancels the rest of the chain.
 */
@FunctionalInterface
public interface ChatStage {

	/**
	 * This stage's part of the answer.
	 * @param exchange the request, resolved
	 * @param next the stages after this one, ending with the provider call
	 * @return the events of the answer, as the stages before this one are to see them
	 */
	Flux<StreamEvent> stream(ChatExchange exchange, Chain next);

	/** The rest of the chain after a stage. */
	@FunctionalInterface
	interface Chain {

		/** The events of the answer to the exchange from the rest of the chain. */
		Flux<StreamEvent> stream(ChatExchange exchange);

	}

}
