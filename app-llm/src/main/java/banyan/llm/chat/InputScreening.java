package banyan.llm.chat;

import java.util.function.BiFunction;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The guardrails screen the request before anything else happens: a refusal fails the
 * flux with {@link banyan.llm.guardrail.GuardrailRefusal} before any event, and the rest
 * of the chain is never subscribed.
 */
@Component
final class InputScreening implements ChatStage {

	private final BiFunction<Caller, ChatRequest, Mono<Void>> screen;

	@Autowired
	InputScreening(Guardrails guardrails) {
		this(guardrails::screenInput);
	}

	InputScreening(BiFunction<Caller, ChatRequest, Mono<Void>> screen) {
		this.screen = screen;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		return Mono.defer(() -> this.screen.apply(exchange.caller(), exchange.request()))
			.thenMany(Flux.defer(() -> next.stream(exchange)));
	}

}
