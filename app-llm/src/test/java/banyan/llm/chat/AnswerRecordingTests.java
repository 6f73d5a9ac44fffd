package banyan.llm.chat;

import java.time.Duration;
import java.util.List;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.ToolCall;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** What a round delivers is in the answer before the stage outside sees it. */
class AnswerRecordingTests {

	@Test
	void recordsEachDeltaBeforePassingItOn() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		ChatStage.Chain next = (asked) -> Flux.defer(() -> {
			asked.answer().startRound(asked.request());
			return Flux.just(new StreamEvent.Delta("Hel"),
					new StreamEvent.Delta("lo", List.of(new StreamEvent.ToolCallDelta(0, "call_1", "lookup", "{}"))));
		});
		StepVerifier.create(new AnswerRecording().stream(exchange, next))
			.assertNext((event) -> assertThat(exchange.answer().text()).isEqualTo("Hel"))
			.assertNext((event) -> {
				assertThat(exchange.answer().text()).isEqualTo("Hello");
				assertThat(exchange.answer().toolCalls()).containsExactly(new ToolCall("call_1", "lookup", "{}"));
			})
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

}
