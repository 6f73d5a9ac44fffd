package banyan.llm.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Objects;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.identity.Caller;
import banyan.llm.openai.ChatMessage;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.TokenCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
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
 * transaction. A completed answer completes only after both are stored. The real cost is
 * the provider's usage when the answer has a {@code metrics} event, otherwise (a failure
 * or a cancel mid-answer) the prompt and only the delivered text, counted with the
 * tokenizer; nothing is charged when nothing was delivered.
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
	 * subscribed only if every budget has room.
	 * @param reserve the most the whole answer may cost (see {@link #worstCase})
	 * @return the answer's events unchanged; a {@link BudgetExhausted} error before any
	 * event when a budget has no room
	 */
	public Flux<StreamEvent> meter(Caller caller, Model model, ChatRequest request, BigDecimal reserve,
			Flux<StreamEvent> answer) {
		return Flux.usingWhen(reserve(caller, reserve), (metered) -> answer.doOnNext(metered::note),
				(metered) -> settle(caller, model, request, metered, "ok"),
				(metered, failure) -> settle(caller, model, request, metered, "error"),
				(metered) -> settle(caller, model, request, metered, "cancelled"));
	}

	private Mono<Metered> reserve(Caller caller, BigDecimal reserve) {
		return Mono.defer(() -> this.counters.reserve(caller, reserve, this.clock.instant()))
			.map(Metered::new)
			.doOnError(BudgetExhausted.class, (refused) -> {
				this.meters.counter("banyan.budget.refusals", "tenant", caller.tenant()).increment();
				log.info("Budget refusal for tenant {} key {}: reason=budget_exhausted", caller.tenant(),
						caller.keyId());
			});
	}

	private Mono<Void> settle(Caller caller, Model model, ChatRequest request, Metered metered, String outcome) {
		UsageLedger.Entry entry = metered.entry(caller, model, request, outcome);
		// Without a hold to settle, the ledger's row is one statement: no transaction
		// around it (two round trips fewer).
		Mono<Void> recorded = metered.reservation.holds().isEmpty() ? this.ledger.record(entry)
				: this.counters.settle(metered.reservation, entry.cost())
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
		for (ChatMessage message : request.messages()) {
			count += this.tokens.count(message.text());
		}
		return count;
	}

	/** What is known of one metered answer while it streams. One subscription. */
	private final class Metered {

		private final BudgetCounters.Reservation reservation;

		private final long startNanos = System.nanoTime();

		private long firstTokenNanos = -1;

		private String requestId = "none";

		private final StringBuilder delivered = new StringBuilder();

		private StreamEvent.@Nullable Metrics metrics;

		Metered(BudgetCounters.Reservation reservation) {
			this.reservation = reservation;
		}

		void note(StreamEvent event) {
			switch (event) {
				case StreamEvent.Start start -> this.requestId = start.requestId();
				case StreamEvent.Delta delta -> {
					if (this.firstTokenNanos < 0) {
						this.firstTokenNanos = System.nanoTime();
					}
					this.delivered.append(delta.text());
					for (StreamEvent.ToolCallDelta call : delta.toolCalls()) {
						this.delivered.append(Objects.toString(call.name(), ""))
							.append(Objects.toString(call.arguments(), ""));
					}
				}
				case StreamEvent.Metrics reported -> this.metrics = reported;
				default -> {
				}
			}
		}

		UsageLedger.Entry entry(Caller caller, Model model, ChatRequest request, String outcome) {
			long duration = (System.nanoTime() - this.startNanos) / 1_000_000;
			long input;
			long output;
			boolean estimated;
			String provider = "none";
			String providerModel = "none";
			long firstToken = (this.firstTokenNanos < 0) ? -1 : (this.firstTokenNanos - this.startNanos) / 1_000_000;
			if (this.metrics != null) {
				input = this.metrics.inputTokens();
				output = this.metrics.outputTokens();
				estimated = this.metrics.estimated();
				provider = this.metrics.provider();
				providerModel = this.metrics.providerModel();
			}
			else if (this.delivered.isEmpty()) {
				input = 0;
				output = 0;
				estimated = false;
			}
			else {
				input = inputTokens(request);
				output = Metering.this.tokens.count(this.delivered.toString());
				estimated = true;
			}
			return new UsageLedger.Entry(this.requestId, caller.tenant(), caller.keyId(), model.alias(), provider,
					providerModel, input, output, estimated, model.cost(input, output), duration, firstToken, false,
					outcome, Metering.this.clock.instant());
		}

	}

}
