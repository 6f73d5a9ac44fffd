package banyan.llm.chat;

import banyan.contracts.stream.StreamEvent;
import reactor.core.publisher.Flux;

/**
 * Writes what each round delivers (text and tool calls, as redacted) into the exchange's
 * {@link Answer}, before the stages outside see it: the one place an answer's text is
 * collected.
 */
final class AnswerRecording implements ChatStage {

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		Answer answer = exchange.answer();
		return next.stream(exchange).doOnNext((event) -> {
			if (event instanceof StreamEvent.Delta delta) {
				answer.delivered(delta);
			}
		});
	}

}
