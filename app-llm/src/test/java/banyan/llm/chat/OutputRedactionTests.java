package banyan.llm.chat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import banyan.contracts.stream.StreamEvent;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The round's stream goes through the redaction for the caller, subscribed lazily. */
class OutputRedactionTests {

	@Test
	void redactsTheRoundForTheCallerAndSubscribesItOnlyWhenAsked() {
		AtomicInteger subscribed = new AtomicInteger();
		OutputRedaction redaction = new OutputRedaction((caller, answer) -> {
			assertThat(caller).isEqualTo(ChatExchanges.CALLER);
			return answer.map((event) -> (event instanceof StreamEvent.Delta delta)
					? new StreamEvent.Delta(delta.text().replace("4111", "[redacted]")) : event);
		});
		Flux<StreamEvent> redacted = redaction.stream(ChatExchanges.asking("My card?"),
				(asked) -> Flux.<StreamEvent>just(new StreamEvent.Delta("It is 4111"))
					.doOnSubscribe((s) -> subscribed.incrementAndGet()));
		assertThat(subscribed).hasValue(0);
		StepVerifier.create(redacted)
			.expectNext(new StreamEvent.Delta("It is [redacted]"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(subscribed).hasValue(1);
	}

}
