package banyan.llm.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metering ({@code banyan.llm.usage.*}).
 *
 * @param currency the currency of the model catalog's prices, of budgets and of the
 * ledger's costs (a label: nothing is converted)
 * @param holdTimeout how long a reservation may stay unsettled before it is released
 * (after a crash, say); longer than {@code banyan.llm.resilience.total-timeout}
 * @param sweepInterval how often unsettled reservations older than the hold timeout are
 * released
 */
@ConfigurationProperties("banyan.llm.usage")
public record UsageSettings(@DefaultValue("USD") String currency, @DefaultValue("15m") Duration holdTimeout,
		@DefaultValue("1m") Duration sweepInterval) {
}
