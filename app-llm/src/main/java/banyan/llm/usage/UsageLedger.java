package banyan.llm.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import banyan.contracts.usage.UsageReport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * One row per request in app-llm's PostgreSQL: who asked, which model answered, the
 * tokens and cost charged, how long it took and how it ended.
 */
@Component
public class UsageLedger {

	private final DatabaseClient database;

	private final UsageSettings settings;

	UsageLedger(DatabaseClient database, UsageSettings settings) {
		this.database = database;
		this.settings = settings;
	}

	/** Records a request. Joins the caller's transaction, if any. */
	Mono<Void> record(Entry entry) {
		return this.database.sql("""
				insert into usage_ledger (request_id, tenant, key_id, model, provider, provider_model, input_tokens,
				    output_tokens, tokens_estimated, cost, duration_ms, ttft_ms, cache_hit, outcome, created_at)
				values (:requestId, :tenant, :keyId, :model, :provider, :providerModel, :inputTokens, :outputTokens,
				    :estimated, :cost, :durationMs, :ttftMs, :cacheHit, :outcome, :createdAt)""")
			.bind("requestId", entry.requestId())
			.bind("tenant", entry.tenant())
			.bind("keyId", entry.keyId())
			.bind("model", entry.model())
			.bind("provider", entry.provider())
			.bind("providerModel", entry.providerModel())
			.bind("inputTokens", entry.inputTokens())
			.bind("outputTokens", entry.outputTokens())
			.bind("estimated", entry.estimated())
			.bind("cost", entry.cost())
			.bind("durationMs", entry.durationMillis())
			.bind("ttftMs", entry.timeToFirstTokenMillis())
			.bind("cacheHit", entry.cacheHit())
			.bind("outcome", entry.outcome().value())
			.bind("createdAt", entry.createdAt())
			.then();
	}

	/**
	 * What the tenant's requests used from the first to the last day, UTC, inclusive.
	 */
	public Mono<UsageReport> report(String tenant, LocalDate from, LocalDate to) {
		Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		return this.database.sql("""
				select model, count(*) as requests, count(*) filter (where outcome = 'error') as failed,
				    sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens, sum(cost) as cost
				from usage_ledger where tenant = :tenant and created_at >= :start and created_at < :end
				group by model order by sum(cost) desc, model""")
			.bind("tenant", tenant)
			.bind("start", start)
			.bind("end", end)
			.map((row, meta) -> new UsageReport.ModelUsage(row.get("model", String.class),
					longValue(row.get("requests", Number.class)), longValue(row.get("failed", Number.class)),
					longValue(row.get("input_tokens", Number.class)), longValue(row.get("output_tokens", Number.class)),
					plain(row.get("cost", BigDecimal.class))))
			.all()
			.collectList()
			.map((models) -> report(tenant, from, to, models));
	}

	private UsageReport report(String tenant, LocalDate from, LocalDate to, List<UsageReport.ModelUsage> models) {
		return new UsageReport(tenant, from, to, this.settings.currency(),
				models.stream().mapToLong(UsageReport.ModelUsage::requests).sum(),
				models.stream().mapToLong(UsageReport.ModelUsage::inputTokens).sum(),
				models.stream().mapToLong(UsageReport.ModelUsage::outputTokens).sum(),
				plain(models.stream().map(UsageReport.ModelUsage::cost).reduce(BigDecimal.ZERO, BigDecimal::add)),
				models);
	}

	private static long longValue(@Nullable Number number) {
		return (number != null) ? number.longValue() : 0;
	}

	private static BigDecimal plain(@Nullable BigDecimal amount) {
		return (amount != null && amount.signum() != 0) ? amount.stripTrailingZeros() : BigDecimal.ZERO;
	}

	/**
	 * One request.
	 *
	 * @param requestId the request's id ({@code req_…})
	 * @param tenant the caller's tenant
	 * @param keyId the caller's API key
	 * @param model the model alias asked for
	 * @param provider the provider that answered last, or {@code none}
	 * @param providerModel the provider's model name, or {@code none}
	 * @param inputTokens prompt tokens charged
	 * @param outputTokens answer tokens charged: only what reached the client
	 * @param estimated whether the counts were estimated with a tokenizer
	 * @param cost what was charged
	 * @param durationMillis from start to end
	 * @param timeToFirstTokenMillis until the first token, or {@code -1} if none came
	 * @param cacheHit whether the answer came from a cache
	 * @param outcome how the answer ended
	 * @param createdAt when it was recorded
	 */
	public record Entry(String requestId, String tenant, String keyId, String model, String provider,
			String providerModel, long inputTokens, long outputTokens, boolean estimated, BigDecimal cost,
			long durationMillis, long timeToFirstTokenMillis, boolean cacheHit, Outcome outcome, Instant createdAt) {
	}

}
