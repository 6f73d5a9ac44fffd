package banyan.llm.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.TokenUsage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Start first, then the rounds' events, then metrics and end from the answer. */
class EventFramingTests {

	static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

	final EventFraming framing = new EventFraming(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void framesTheAnswerWithStartMetricsAndEnd() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		ChatStage.Chain next = (asked) -> Flux.defer(() -> {
			ChatExchanges.answered(asked, ChatExchanges.FIRST, "Hi", "length", new TokenUsage(3, 1, false));
			return Flux.just(new StreamEvent.Delta("Hi"));
		});
		StepVerifier.create(this.framing.stream(exchange, next))
			.expectNext(new StreamEvent.Start(exchange.answer().requestId(), "priced", NOW))
			.expectNext(new StreamEvent.Delta("Hi"))
			.assertNext((event) -> assertThat(event).isInstanceOfSatisfying(StreamEvent.Metrics.class, (metrics) -> {
				assertThat(metrics.provider()).isEqualTo("first");
				assertThat(metrics.inputTokens()).isEqualTo(3);
				assertThat(metrics.outputTokens()).isEqualTo(1);
				assertThat(metrics.estimated()).isFalse();
			}))
			.expectNext(new StreamEvent.End("length"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(exchange.answer().requestId()).matches("req_[0-9a-f]{32}");
	}

	@Test
	void aFailureAfterStartEndsTheStreamWithoutMetricsOrEnd() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		StepVerifier.create(this.framing.stream(exchange, (asked) -> Flux.error(new IllegalStateException("reset"))))
			.expectNextMatches(StreamEvent.Start.class::isInstance)
			.expectErrorMessage("reset")
			.verify(Duration.ofSeconds(5));
	}

}
