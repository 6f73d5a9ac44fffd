package banyan.llm.chat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.ChatProvider;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of the chain: a round from the model's targets as deltas, with what the
 * provider says besides content in the answer.
 */
class ProviderCallTests {

	static final ResilienceSettings NO_RETRIES = new ResilienceSettings(0, Duration.ofMillis(1), Duration.ofMillis(1),
			Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), 50, 10, 20,
			Duration.ofSeconds(30), 2, 10);

	final AtomicInteger firstCalls = new AtomicInteger();

	@Test
	void streamsTheContentOfTheTargetThatAnsweredAndRecordsTheRest() {
		ChatProvider failing = (request) -> Flux.defer(() -> {
			this.firstCalls.incrementAndGet();
			return Flux.error(new ProviderUnavailable("first", "is down", null));
		});
		ChatProvider answering = (request) -> {
			assertThat(request.model()).isEqualTo("s");
			return Flux.just(ProviderChunk.text("Hel"), new ProviderChunk("", null, null), ProviderChunk.text("lo"),
					new ProviderChunk("", "stop", new TokenUsage(4, 2, false)));
		};
		ProviderCall call = new ProviderCall(new ProviderRouting((name) -> "first".equals(name) ? failing : answering,
				NO_RETRIES,
				new ChatTelemetry(ObservationRegistry.NOOP, new SimpleMeterRegistry(), new TelemetrySettings(false))));
		ChatExchange exchange = ChatExchanges.asking("Hello");
		StepVerifier.create(call.stream(exchange))
			.expectNext(new StreamEvent.Delta("Hel"), new StreamEvent.Delta("lo"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		Answer answer = exchange.answer();
		assertThat(answer.answered()).isEqualTo(ChatExchanges.SECOND);
		assertThat(answer.finishReason()).isEqualTo("stop");
		assertThat(answer.usage()).isEqualTo(new TokenUsage(4, 2, false));
		assertThat(answer.timeToFirstTokenMillis()).isNotNegative();
		assertThat(answer.tally().attempts).hasValue(2);
		assertThat(answer.tally().fallbacks).hasValue(1);
		assertThat(this.firstCalls).hasValue(1);
		// Content is recorded by AnswerRecording, after redaction, not here.
		assertThat(answer.text()).isEmpty();
	}

}
