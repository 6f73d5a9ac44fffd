package banyan.llm.chat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.identity.Caller;
import banyan.llm.provider.TokenUsage;
import banyan.llm.tool.Tool;
import banyan.llm.tool.ToolResult;
import banyan.llm.usage.Outcome;
import banyan.llm.usage.UsageLedger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metering reserves the worst case before the rest of the chain (plus the tool ceiling
 * with tools), and writes what the answer was charged however it ends.
 */
class BudgetMeteringTests {

	static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

	final List<BigDecimal> reserved = new ArrayList<>();

	final List<UsageLedger.Entry> written = new ArrayList<>();

	final BudgetMetering metering = new BudgetMetering(new Recording(), new BigDecimal("0.50"),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void reservesTheWorstCaseThenWritesWhatTheAnswerWasCharged() {
		ChatExchange exchange = ChatExchanges.asking("Hello");
		ChatStage.Chain next = (asked) -> Flux.defer(() -> {
			ChatExchanges.answered(asked, ChatExchanges.SECOND, "Hi!", "stop", new TokenUsage(1_000, 200, false));
			return Flux.just(new StreamEvent.Delta("Hi!"));
		});
		StepVerifier.create(this.metering.stream(exchange, next))
			.expectNext(new StreamEvent.Delta("Hi!"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.reserved).containsExactly(new BigDecimal("0.01"));
		assertThat(this.written).singleElement().satisfies((entry) -> {
			assertThat(entry.requestId()).isEqualTo(exchange.answer().requestId());
			assertThat(entry.tenant()).isEqualTo("acme");
			assertThat(entry.keyId()).isEqualTo("7");
			assertThat(entry.model()).isEqualTo("priced");
			assertThat(entry.provider()).isEqualTo("second");
			assertThat(entry.providerModel()).isEqualTo("s");
			assertThat(entry.inputTokens()).isEqualTo(1_000);
			assertThat(entry.outputTokens()).isEqualTo(200);
			// 1,000 × 2 + 200 × 10 per million
			assertThat(entry.cost()).isEqualByComparingTo("0.004");
			assertThat(entry.outcome()).isEqualTo(Outcome.OK);
			assertThat(entry.createdAt()).isEqualTo(NOW);
		});
	}

	@Test
	void reservesTheToolCeilingToWhenToolsAreOffered() {
		ChatExchange exchange = ChatExchanges.asking("Ticket 1?", new Ticketless());
		StepVerifier.create(this.metering.stream(exchange, (asked) -> Flux.empty()))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.reserved).containsExactly(new BigDecimal("0.51"));
	}

	@Test
	void aCancelledAnswerIsWrittenAsCancelledWithOnlyWhatItDelivered() {
		ChatExchange exchange = ChatExchanges.asking("Hello there");
		TestPublisher<StreamEvent> provider = TestPublisher.create();
		ChatStage.Chain next = (asked) -> {
			asked.answer().startRound(asked.request());
			return provider.flux().doOnNext((event) -> asked.answer().delivered((StreamEvent.Delta) event));
		};
		StepVerifier.create(this.metering.stream(exchange, next))
			.then(() -> provider.next(new StreamEvent.Delta("Hi, how ")))
			.expectNext(new StreamEvent.Delta("Hi, how "))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		provider.assertCancelled();
		assertThat(this.written).singleElement().satisfies((entry) -> {
			assertThat(entry.outcome()).isEqualTo(Outcome.CANCELLED);
			assertThat(entry.provider()).isEqualTo("none");
			assertThat(entry.estimated()).isTrue();
			assertThat(entry.outputTokens()).isEqualTo(ChatExchanges.TOKENS.count("Hi, how "));
		});
	}

	@Test
	void aRefusedReservationFailsBeforeTheRestOfTheChainIsSubscribed() {
		AtomicInteger subscribed = new AtomicInteger();
		BudgetMetering refusing = new BudgetMetering(new Recording() {
			@Override
			public Flux<StreamEvent> meter(Caller caller, BigDecimal reserve, Flux<StreamEvent> answer,
					Function<Outcome, UsageLedger.Entry> ended) {
				return Flux.error(new IllegalStateException("no room"));
			}
		}, BigDecimal.ONE, Clock.systemUTC());
		StepVerifier
			.create(refusing.stream(ChatExchanges.asking("Hello"),
					(asked) -> Flux.<StreamEvent>empty().doOnSubscribe((s) -> subscribed.incrementAndGet())))
			.expectErrorMessage("no room")
			.verify(Duration.ofSeconds(5));
		assertThat(subscribed).hasValue(0);
	}

	/** Budgets that reserve anything, remember it, and write entries to a list. */
	class Recording implements BudgetMetering.Budgets {

		@Override
		public BigDecimal worstCase(ChatExchange exchange) {
			return new BigDecimal("0.01");
		}

		@Override
		public Flux<StreamEvent> meter(Caller caller, BigDecimal reserve, Flux<StreamEvent> answer,
				Function<Outcome, UsageLedger.Entry> ended) {
			BudgetMeteringTests.this.reserved.add(reserve);
			return Flux.usingWhen(Mono.just(reserve), (held) -> answer, (held) -> write(ended.apply(Outcome.OK)),
					(held, failure) -> write(ended.apply(Outcome.ERROR)),
					(held) -> write(ended.apply(Outcome.CANCELLED)));
		}

		private Mono<Void> write(UsageLedger.Entry entry) {
			return Mono.fromRunnable(() -> BudgetMeteringTests.this.written.add(entry));
		}

	}

	/** A tool that is offered and never called. */
	static final class Ticketless implements Tool {

		@Override
		public String name() {
			return "ticket_status";
		}

		@Override
		public String description() {
			return "Looks up a ticket.";
		}

		@Override
		public Map<String, Object> parameters() {
			return Map.of("type", "object");
		}

		@Override
		public BigDecimal costEstimate() {
			return BigDecimal.ZERO;
		}

		@Override
		public Mono<ToolResult> call(Caller caller, JsonNode arguments) {
			return Mono.error(new AssertionError("not called"));
		}

	}

}
