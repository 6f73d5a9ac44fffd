package banyan.llm.chat;

import java.util.function.BiFunction;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.identity.Caller;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Personal data, secrets and the system prompt's canary are redacted from each round's
 * text as it flows ({@link Guardrails#redact}); what is held back at a round's end is
 * sent before the round completes.
 */
@Component
final class OutputRedaction implements ChatStage {

	private final BiFunction<Caller, Flux<StreamEvent>, Flux<StreamEvent>> redact;

	@Autowired
	OutputRedaction(Guardrails guardrails) {
		this(guardrails::redact);
	}

	OutputRedaction(BiFunction<Caller, Flux<StreamEvent>, Flux<StreamEvent>> redact) {
		this.redact = redact;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		return this.redact.apply(exchange.caller(), Flux.defer(() -> next.stream(exchange)));
	}

}
