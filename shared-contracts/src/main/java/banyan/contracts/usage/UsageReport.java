package banyan.contracts.usage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What a tenant's requests to app-llm used and cost over a period, from app-llm's usage
 * ledger ({@code GET /v1/usage} for the tenant itself, {@code GET /internal/usage} for
 * the back office).
 *
 * @param tenant the tenant
 * @param from the first day counted (UTC)
 * @param to the last day counted (UTC), inclusive
 * @param currency the currency of every cost
 * @param requests requests recorded, whatever their outcome
 * @param inputTokens prompt tokens charged
 * @param outputTokens answer tokens charged
 * @param cost what the requests cost
 * @param models the same figures per model alias, most expensive first
 */
public record UsageReport(String tenant, LocalDate from, LocalDate to, String currency, long requests, long inputTokens,
		long outputTokens, BigDecimal cost, List<ModelUsage> models) {

	public UsageReport {
		models = List.copyOf(models);
	}

	/**
	 * One model's share.
	 *
	 * @param model the model alias clients asked for
	 * @param requests requests recorded
	 * @param failed requests that ended with an error
	 * @param inputTokens prompt tokens charged
	 * @param outputTokens answer tokens charged
	 * @param cost what they cost
	 */
	public record ModelUsage(String model, long requests, long failed, long inputTokens, long outputTokens,
			BigDecimal cost) {
	}

}
