package banyan.llm.chat;

import banyan.contracts.stream.StreamEvent;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * The end of the chain: one round of the answer from the model's targets
 * ({@link ProviderRouting}, with its retries and fallbacks), as {@link StreamEvent.Delta}
 * events. What the provider reports besides content (the target, the finish reason, the
 * usage) goes into the exchange's {@link Answer}.
 */
@Component
final class ProviderCall implements ChatStage.Chain {

	private final ProviderRouting routing;

	ProviderCall(ProviderRouting routing) {
		this.routing = routing;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange) {
		return Flux.defer(() -> {
			Answer answer = exchange.answer();
			answer.startRound(exchange.request());
			// map and filter, not handle: handle would restore the context's thread
			// locals for every chunk.
			return this.routing.stream(exchange.model(), exchange.request(), answer.tally())
				.doOnNext((routed) -> answer.received(routed.target(), routed.chunk()))
				.filter((routed) -> routed.chunk().hasContent())
				.map((routed) -> new StreamEvent.Delta(routed.chunk().text(), routed.chunk().toolCalls()));
		});
	}

}
