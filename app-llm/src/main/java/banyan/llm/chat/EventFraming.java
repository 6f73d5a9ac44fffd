package banyan.llm.chat;

import java.time.Clock;

import banyan.contracts.stream.StreamEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Frames the answer in Banyan's events: {@link StreamEvent.Start} once the request is
 * admitted, then the rest of the chain's events, then {@link StreamEvent.Metrics} and
 * {@link StreamEvent.End} from the {@link Answer}, over every round.
 */
@Component
final class EventFraming implements ChatStage {

	private final Clock clock;

	EventFraming(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		Answer answer = exchange.answer();
		return Flux.concat(Mono.fromSupplier(
				() -> new StreamEvent.Start(answer.requestId(), exchange.model().alias(), this.clock.instant())),
				Flux.defer(() -> next.stream(exchange)), Mono.fromSupplier(answer::metrics),
				Mono.fromSupplier(() -> new StreamEvent.End(answer.finishReason())));
	}

}
