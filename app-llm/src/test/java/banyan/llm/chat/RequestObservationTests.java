package banyan.llm.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.TokenUsage;
import banyan.llm.usage.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One observation per request, around the rest of the chain, ended with the answer's
 * figures however it ends; the answer learns its outcome.
 */
class RequestObservationTests {

	final List<Observation.Context> stopped = new ArrayList<>();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final RequestObservation observation;

	RequestObservationTests() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				RequestObservationTests.this.stopped.add(context);
			}

		});
		this.observation = new RequestObservation(
				new ChatTelemetry(observations, this.meters, new TelemetrySettings(false)));
	}

	@Test
	void theRestOfTheChainRunsInTheRequestsObservationWhichEndsWithTheAnswersFigures() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		ChatStage.Chain next = (asked) -> Flux.deferContextual((context) -> {
			assertThat(context.<Observation>get(ObservationThreadLocalAccessor.KEY).getContext().getName())
				.isEqualTo(ChatTelemetry.OPERATION);
			ChatExchanges.answered(asked, ChatExchanges.FIRST, "Hi", "stop", new TokenUsage(12, 3, false));
			return Flux.just(new StreamEvent.Delta("Hi"));
		});
		StepVerifier.create(this.observation.stream(exchange, next))
			.expectNext(new StreamEvent.Delta("Hi"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(exchange.answer().outcome()).isEqualTo(Outcome.OK);
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getLowCardinalityKeyValue("banyan.outcome").getValue()).isEqualTo("ok");
			assertThat(context.getLowCardinalityKeyValue("gen_ai.provider.name").getValue()).isEqualTo("first");
			assertThat(context.getHighCardinalityKeyValue("gen_ai.usage.input_tokens").getValue()).isEqualTo("12");
			assertThat(context.getHighCardinalityKeyValue("banyan.request_id").getValue())
				.isEqualTo(exchange.answer().requestId());
		});
		assertThat(
				this.meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().totalAmount())
			.isEqualTo(3);
	}

	@Test
	void aFailureIsTheAnswersOutcomeAndTheObservationsError() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		StepVerifier
			.create(this.observation.stream(exchange, (asked) -> Flux.error(new IllegalStateException("reset"))))
			.expectErrorMessage("reset")
			.verify(Duration.ofSeconds(5));
		assertThat(exchange.answer().outcome()).isEqualTo(Outcome.ERROR);
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getError()).hasMessage("reset");
			assertThat(context.getLowCardinalityKeyValue("error.type").getValue()).isEqualTo("IllegalStateException");
			assertThat(context.getLowCardinalityKeyValue("gen_ai.provider.name").getValue()).isEqualTo("none");
		});
	}

	@Test
	void aCancelledAnswerEndsItsObservationAsCancelled() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		TestPublisher<StreamEvent> provider = TestPublisher.create();
		StepVerifier.create(this.observation.stream(exchange, (asked) -> provider.flux()))
			.then(() -> provider.next(new StreamEvent.Delta("Hi")))
			.expectNextCount(1)
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		assertThat(exchange.answer().outcome()).isEqualTo(Outcome.CANCELLED);
		assertThat(this.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getLowCardinalityKeyValue("banyan.outcome").getValue())
				.isEqualTo("cancelled"));
	}

}
