package banyan.llm.chat;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.TokenUsage;
import banyan.llm.usage.Outcome;
import banyan.llm.provider.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer collects once what every stage reads: text and tool calls over the rounds,
 * usage reported or counted, and what is charged.
 */
class AnswerTests {

	@Test
	void sumsTheReportedUsageOfEveryRoundAndKeepsTheLastRoundsFinishReason() {
		ChatExchange exchange = ChatExchanges.asking("What is the status of ticket 1?");
		ChatExchanges.answered(exchange, ChatExchanges.FIRST, "Let me look. ", "tool_calls",
				new TokenUsage(20, 4, false));
		ChatExchanges.answered(exchange, ChatExchanges.SECOND, "It is open.", "stop", new TokenUsage(40, 5, false));
		Answer answer = exchange.answer();
		assertThat(answer.text()).isEqualTo("Let me look. It is open.");
		assertThat(answer.usage()).isEqualTo(new TokenUsage(60, 9, false));
		assertThat(answer.finishReason()).isEqualTo("stop");
		assertThat(answer.metrics()).satisfies((metrics) -> {
			assertThat(metrics.provider()).isEqualTo("second");
			assertThat(metrics.providerModel()).isEqualTo("s");
			assertThat(metrics.inputTokens()).isEqualTo(60);
			assertThat(metrics.outputTokens()).isEqualTo(9);
			assertThat(metrics.timeToFirstTokenMillis()).isNotNegative();
		});
	}

	@Test
	void countsTheRoundsPromptAndOnlyWhatWasDeliveredWhenTheProviderReportsNoUsage() {
		ChatExchange exchange = ChatExchanges.asking("Hello there");
		Answer answer = exchange.answer();
		answer.startRound(exchange.request());
		answer.received(ChatExchanges.FIRST, ProviderChunk.text("Hi, how are"));
		answer.delivered(new StreamEvent.Delta("Hi, how "));
		TokenUsage usage = answer.usage();
		assertThat(usage.estimated()).isTrue();
		assertThat(usage.inputTokens()).isEqualTo(ChatExchanges.TOKENS.count("Hello there"));
		assertThat(usage.outputTokens()).isEqualTo(ChatExchanges.TOKENS.count("Hi, how "));
		assertThat(answer.charged()).isEqualTo(usage);
		// Counted once, but again when more is delivered.
		answer.delivered(new StreamEvent.Delta("are you today?"));
		assertThat(answer.usage().outputTokens()).isEqualTo(ChatExchanges.TOKENS.count("Hi, how are you today?"));
		assertThat(answer.provider()).isEqualTo("first");
	}

	@Test
	void chargesNothingWhenNothingWasDeliveredNorReported() {
		ChatExchange exchange = ChatExchanges.asking("Hello there");
		Answer answer = exchange.answer();
		answer.startRound(exchange.request());
		answer.failed(new IllegalStateException("reset"));
		assertThat(answer.usage().inputTokens()).isPositive();
		assertThat(answer.charged()).isEqualTo(new TokenUsage(0, 0, false));
		assertThat(answer.outcome()).isEqualTo(Outcome.ERROR);
		assertThat(answer.reachedProvider()).isFalse();
		assertThat(answer.answered()).isEqualTo(ChatExchanges.FIRST);
	}

	@Test
	void putsToolCallsTogetherFromTheirPiecesPerRound() {
		ChatExchange exchange = ChatExchanges.asking("Two tickets");
		Answer answer = exchange.answer();
		answer.startRound(exchange.request());
		answer.delivered(new StreamEvent.Delta("",
				java.util.List.of(new StreamEvent.ToolCallDelta(0, "call_a", "ticket_status", "{\"id\""),
						new StreamEvent.ToolCallDelta(1, "call_b", "ticket_status", null))));
		answer
			.delivered(new StreamEvent.Delta("", java.util.List.of(new StreamEvent.ToolCallDelta(0, null, null, ":1}"),
					new StreamEvent.ToolCallDelta(1, null, null, "{\"id\":2}"))));
		assertThat(answer.toolCalls()).containsExactly(new ToolCall("call_a", "ticket_status", "{\"id\":1}"),
				new ToolCall("call_b", "ticket_status", "{\"id\":2}"));
		answer.startRound(exchange.request());
		assertThat(answer.toolCalls()).isEmpty();
		assertThat(answer.outcome()).isEqualTo(Outcome.CANCELLED);
		answer.completed();
		assertThat(answer.outcome()).isEqualTo(Outcome.OK);
	}

}
