package banyan.llm.usage;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A budget has no room for a request's worst-case cost, so the request was refused before
 * any provider call.
 */
public class BudgetExhausted extends RuntimeException {

	private final Duration retryAfter;

	BudgetExhausted(BudgetCounters.Limit limit, BigDecimal worstCase, Duration retryAfter) {
		super("The " + limit.description() + " of " + limit.amount().toPlainString()
				+ " has no room for this request (worst case " + worstCase.toPlainString() + "). It renews in "
				+ retryAfter.toSeconds() + " s.");
		this.retryAfter = retryAfter;
	}

	/** How long until the exhausted budget's period renews. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
