package banyan.llm.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.function.Function;

import banyan.llm.catalog.Model;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.TokenCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Meters answers, written once for every protocol: before the answer starts, its
 * worst-case cost is reserved against the budgets of the caller's tenant and key (a
 * refusal means no provider is called); when it ends, however it ends, the reservation is
 * settled to the real cost and the request is written to the {@link UsageLedger}, in one
 * transaction. A completed answer completes only after both are stored. What the answer
 * used is the caller's to say (the chat pipeline's answer knows it).
 */
@Service
public class Metering {

	private static final Logger log = LoggerFactory.getLogger(Metering.class);

	/** Room for what the tokenizer may count short: per message, and in proportion. */
	private static final int TOKENS_PER_MESSAGE = 8;

	private static final double INPUT_MARGIN = 1.25;

	private final BudgetCounters counters;

	private final UsageLedger ledger;

	private final TransactionalOperator transactions;

	private final TokenCounter tokens;

	private final Clock clock;

	private final MeterRegistry meters;

	Metering(BudgetCounters counters, UsageLedger ledger, TransactionalOperator transactions, TokenCounter tokens,
			Clock clock, MeterRegistry meters) {
		this.counters = counters;
		this.ledger = ledger;
		this.transactions = transactions;
		this.tokens = tokens;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * The most one answer to the request can cost: the prompt with a margin, and the
	 * request's {@code max_tokens}, or else the rest of the model's context window. Zero,
	 * without counting tokens, when no budget applies to the caller or the model is free.
	 */
	public BigDecimal worstCase(Caller caller, Model model, ChatRequest request) {
		if (BudgetCounters.limits(caller).isEmpty()
				|| (model.inputPricePerMillion().signum() == 0 && model.outputPricePerMillion().signum() == 0)) {
			return BigDecimal.ZERO;
		}
		long input = (long) Math.ceil(inputTokens(request) * INPUT_MARGIN)
				+ (long) TOKENS_PER_MESSAGE * request.messages().size();
		long output = (request.maxOutputTokens() != null) ? request.maxOutputTokens()
				: Math.max(0, model.contextWindow() - input);
		return model.cost(input, output);
	}

	/**
	 * The answer, metered: subscribing reserves {@code reserve} first, and the answer is
	 * subscribed only if every budget has room. However it ends, the reservation is
	 * settled and the ledger written with the entry {@code ended} gives for the outcome;
	 * a completed answer completes only after both are stored.
	 * @param reserve the most the whole answer may cost (see {@link #worstCase})
	 * @param ended what the answer used, asked once it has ended
	 * @return the answer's events unchanged; a {@link BudgetExhausted} error before any
	 * event when a budget has no room
	 */
	public <T> Flux<T> meter(Caller caller, BigDecimal reserve, Flux<T> answer,
			Function<Outcome, UsageLedger.Entry> ended) {
		return Flux.usingWhen(reserve(caller, reserve), (reservation) -> answer,
				(reservation) -> settle(caller, reservation, ended.apply(Outcome.OK)),
				(reservation, failure) -> settle(caller, reservation, ended.apply(Outcome.ERROR)),
				(reservation) -> settle(caller, reservation, ended.apply(Outcome.CANCELLED)));
	}

	private Mono<BudgetCounters.Reservation> reserve(Caller caller, BigDecimal reserve) {
		return Mono.defer(() -> this.counters.reserve(caller, reserve, this.clock.instant()))
			.doOnError(BudgetExhausted.class, (refused) -> {
				this.meters.counter("banyan.budget.refusals", "tenant", caller.tenant()).increment();
				log.info("Budget refusal for tenant {} key {}: reason=budget_exhausted", caller.tenant(),
						caller.keyId());
			});
	}

	private Mono<Void> settle(Caller caller, BudgetCounters.Reservation reservation, UsageLedger.Entry entry) {
		// Without a hold to settle, the ledger's row is one statement: no transaction
		// around it (two round trips fewer).
		Mono<Void> recorded = reservation.holds().isEmpty() ? this.ledger.record(entry)
				: this.counters.settle(reservation, entry.cost())
					.then(this.ledger.record(entry))
					.as(this.transactions::transactional);
		return recorded.onErrorResume((failure) -> {
			// The answer itself is not failed for this; an unsettled reservation is
			// released by the sweep.
			log.error("Could not record usage of request {} (tenant {}, cost {})", entry.requestId(), caller.tenant(),
					entry.cost(), failure);
			return Mono.empty();
		});
	}

	private long inputTokens(ChatRequest request) {
		long count = 0;
		for (Message message : request.messages()) {
			count += this.tokens.count(message.text());
		}
		return count;
	}

}
