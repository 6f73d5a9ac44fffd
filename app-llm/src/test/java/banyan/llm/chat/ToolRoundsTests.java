package banyan.llm.chat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.identity.Caller;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.TokenUsage;
import banyan.llm.provider.ToolCall;
import banyan.llm.tool.CostCeilingReached;
import banyan.llm.tool.Tool;
import banyan.llm.tool.ToolResult;
import banyan.llm.tool.ToolSettings;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool rounds inside the chain: a round that ends in calls of server-side tools runs
 * them, reports them as {@code tool} events and asks the model again with the results;
 * the client never sees the model's calls.
 */
class ToolRoundsTests {

	static final ToolSettings SETTINGS = new ToolSettings(Duration.ofSeconds(1), 5, new BigDecimal("1.00"), 4_000,
			URI.create("http://localhost:8081"));

	final List<ChatExchange> asked = new ArrayList<>();

	final Status status = new Status(BigDecimal.ZERO);

	/** Round 0 calls {@code ticket_status} for ticket 1; round 1 answers in text. */
	final ChatStage.Chain model = (exchange) -> Flux.defer(() -> {
		this.asked.add(exchange);
		Answer answer = exchange.answer();
		answer.startRound(exchange.request());
		List<StreamEvent.Delta> deltas = (this.asked.size() == 1)
				? List.of(new StreamEvent.Delta("Let me check. "),
						new StreamEvent.Delta("",
								List.of(new StreamEvent.ToolCallDelta(0, "call_1", "ticket_status", "{\"id\":"))),
						new StreamEvent.Delta("", List.of(new StreamEvent.ToolCallDelta(0, null, null, "1}"))))
				: List.of(new StreamEvent.Delta("It is open."));
		deltas.forEach(answer::delivered);
		answer.received(ChatExchanges.FIRST, new ProviderChunk("", (this.asked.size() == 1) ? "tool_calls" : "stop",
				new TokenUsage(100, 10, false)));
		return Flux.fromIterable(deltas);
	});

	@Test
	void runsTheCalledToolAndAsksTheModelAgainWithItsResult() {
		ToolRounds rounds = new ToolRounds(SETTINGS, JsonMapper.builder().build(),
				(caller, source, content) -> Mono.just(true));
		ChatExchange exchange = ChatExchanges.asking("What about ticket 1?", this.status);
		StepVerifier.create(rounds.stream(exchange, this.model))
			.expectNext(new StreamEvent.Delta("Let me check. "))
			.assertNext((event) -> assertThat(event).isInstanceOfSatisfying(StreamEvent.Tool.class, (tool) -> {
				assertThat(tool.callId()).isEqualTo("call_1");
				assertThat(tool.tool()).isEqualTo("ticket_status");
				assertThat(tool.arguments()).isEqualTo("{\"id\":1}");
				assertThat(tool.status()).isEqualTo("ok");
				assertThat(tool.output()).isEqualTo("Ticket 1 is open.");
			}))
			.expectNext(new StreamEvent.Delta("It is open."))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.asked).hasSize(2);
		assertThat(this.asked.getFirst().request().passThrough()).containsKey("tools");
		List<Message> again = this.asked.get(1).request().messages();
		assertThat(again).extracting(Message::role)
			.containsExactly(Message.Role.USER, Message.Role.ASSISTANT, Message.Role.TOOL);
		assertThat(again.get(1).toolCalls()).containsExactly(new ToolCall("call_1", "ticket_status", "{\"id\":1}"));
		assertThat(again.get(2).text()).isEqualTo("Ticket 1 is open.");
		assertThat(again.get(2).toolCallId()).isEqualTo("call_1");
		// Both rounds are in the one answer.
		assertThat(exchange.answer().usage()).isEqualTo(new TokenUsage(200, 20, false));
		assertThat(exchange.answer().text()).isEqualTo("Let me check. It is open.");
	}

	@Test
	void givesTheModelANoticeInsteadOfAResultTheScreenWithholds() {
		ToolRounds rounds = new ToolRounds(SETTINGS, JsonMapper.builder().build(),
				(caller, source, content) -> Mono.just(!"tool_output".equals(source)));
		StepVerifier.create(rounds.stream(ChatExchanges.asking("Ticket 1?", this.status), this.model))
			.expectNextCount(3)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.asked.get(1).request().messages().get(2).text()).startsWith("[Withheld by Banyan");
	}

	@Test
	void startsNoRoundOnceTheCostCeilingIsReached() {
		ToolRounds rounds = new ToolRounds(SETTINGS, JsonMapper.builder().build(),
				(caller, source, content) -> Mono.just(true));
		StepVerifier
			.create(rounds.stream(ChatExchanges.asking("Ticket 1?", new Status(new BigDecimal("0.9997"))), this.model))
			.expectNext(new StreamEvent.Delta("Let me check. "))
			.expectNextMatches(StreamEvent.Tool.class::isInstance)
			// The round cost 0.0003 (100 × 2 + 10 × 10 per million), the tool the rest.
			.expectError(CostCeilingReached.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.asked).hasSize(1);
	}

	@Test
	void withoutToolsTheRoundPassesUnchanged() {
		ToolRounds rounds = new ToolRounds(SETTINGS, JsonMapper.builder().build(),
				(caller, source, content) -> Mono.error(new AssertionError("not screened")));
		StepVerifier.create(rounds.stream(ChatExchanges.asking("Ticket 1?"), this.model))
			.expectNext(new StreamEvent.Delta("Let me check. "))
			.expectNextMatches((event) -> !((StreamEvent.Delta) event).toolCalls().isEmpty())
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.asked).singleElement()
			.satisfies((exchange) -> assertThat(exchange.request().passThrough()).isEmpty());
	}

	/** {@code ticket_status}: every ticket is open. */
	record Status(BigDecimal costEstimate) implements Tool {

		@Override
		public String name() {
			return "ticket_status";
		}

		@Override
		public String description() {
			return "The status of a ticket.";
		}

		@Override
		public Map<String, Object> parameters() {
			return Map.of("type", "object");
		}

		@Override
		public Mono<ToolResult> call(Caller caller, JsonNode arguments) {
			return Mono.just(ToolResult.ok("Ticket " + arguments.path("id").asInt() + " is open."));
		}

	}

}
