package banyan.llm.chat;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.function.Function;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.identity.Caller;
import banyan.llm.provider.TokenUsage;
import banyan.llm.tool.ToolSettings;
import banyan.llm.usage.Metering;
import banyan.llm.usage.Outcome;
import banyan.llm.usage.UsageLedger;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Meters the answer ({@link Metering}): the worst case of the request is reserved against
 * the caller's budgets before the rest of the chain is subscribed (a refusal fails the
 * flux with {@link banyan.llm.usage.BudgetExhausted} before any event, and no provider is
 * called); with server-side tools, the request's tool cost ceiling is reserved too (the
 * ceiling is checked between rounds, so one round more may start below it). When the
 * answer ends, however it ends, the reservation is settled to what the {@link Answer} was
 * {@linkplain Answer#charged() charged} and the request is written to the ledger.
 */
@Component
final class BudgetMetering implements ChatStage {

	private final Budgets budgets;

	private final BigDecimal toolCeiling;

	private final Clock clock;

	@Autowired
	BudgetMetering(Metering metering, ToolSettings tools, Clock clock) {
		this(new Budgets() {

			@Override
			public BigDecimal worstCase(ChatExchange exchange) {
				return metering.worstCase(exchange.caller(), exchange.model(), exchange.request());
			}

			@Override
			public Flux<StreamEvent> meter(Caller caller, BigDecimal reserve, Flux<StreamEvent> answer,
					Function<Outcome, UsageLedger.Entry> ended) {
				return metering.meter(caller, reserve, answer, ended);
			}

		}, tools.maxCostPerRequest(), clock);
	}

	BudgetMetering(Budgets budgets, BigDecimal toolCeiling, Clock clock) {
		this.budgets = budgets;
		this.toolCeiling = toolCeiling;
		this.clock = clock;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		return Flux.defer(() -> {
			BigDecimal reserve = this.budgets.worstCase(exchange);
			if (!exchange.tools().isEmpty()) {
				reserve = reserve.add(this.toolCeiling);
			}
			return this.budgets.meter(exchange.caller(), reserve, Flux.defer(() -> next.stream(exchange)),
					(outcome) -> entry(exchange, outcome));
		});
	}

	/** The ledger's row for the answer as it ended. */
	UsageLedger.Entry entry(ChatExchange exchange, Outcome outcome) {
		Answer answer = exchange.answer();
		TokenUsage charged = answer.charged();
		return new UsageLedger.Entry(answer.requestId(), exchange.caller().tenant(), exchange.caller().keyId(),
				exchange.model().alias(), answer.provider(), answer.providerModel(), charged.inputTokens(),
				charged.outputTokens(), charged.estimated(),
				exchange.model().cost(charged.inputTokens(), charged.outputTokens()), answer.durationMillis(),
				answer.timeToFirstTokenMillis(), false, outcome, this.clock.instant());
	}

	/** The budgets' side of metering: {@link Metering} itself, but for tests. */
	interface Budgets {

		/** The most the exchange's answer can cost. */
		BigDecimal worstCase(ChatExchange exchange);

		/** The answer with {@code reserve} held and settled as {@link Metering#meter}. */
		Flux<StreamEvent> meter(Caller caller, BigDecimal reserve, Flux<StreamEvent> answer,
				Function<Outcome, UsageLedger.Entry> ended);

	}

}
