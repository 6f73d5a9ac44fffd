package banyan.llm.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import banyan.contracts.identity.Budgets;
import banyan.llm.identity.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Spending per budget and period in PostgreSQL, race-free: a reservation raises each
 * counter's {@code reserved} only where {@code spent + reserved + amount} stays within
 * the limit, in one conditional {@code UPDATE} per counter (PostgreSQL re-checks the
 * condition on the latest row version when concurrent updates queue on the row lock), all
 * in one transaction, counters always taken in the same order. Each reservation is also
 * kept as holds, so that settling finds what to release and a reservation that was never
 * settled (a crash) is released after the hold timeout.
 */
@Component
class BudgetCounters {

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	BudgetCounters(DatabaseClient database, TransactionalOperator transactions) {
		this.database = database;
		this.transactions = transactions;
	}

	/**
	 * Reserves the amount against every budget that applies to the caller.
	 * @return the reservation; one without holds when no budget applies or the amount is
	 * zero
	 * @throws BudgetExhausted (as an error of the mono) if a budget has no room; nothing
	 * is then reserved anywhere
	 */
	Mono<Reservation> reserve(Caller caller, BigDecimal amount, Instant now) {
		List<Limit> limits = limits(caller);
		if (limits.isEmpty() || amount.signum() == 0) {
			return Mono.just(Reservation.NONE);
		}
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Reservation reservation = new Reservation(new UUID(random.nextLong(), random.nextLong()),
				limits.stream().map((limit) -> new Hold(limit, limit.period().start(today), amount)).toList());
		return Flux.fromIterable(reservation.holds())
			.concatMap((hold) -> take(reservation.id(), hold, now))
			.then(Mono.just(reservation))
			.as(this.transactions::transactional);
	}

	private Mono<Void> take(UUID reservation, Hold hold, Instant now) {
		Mono<Void> row = this.database.sql("""
				insert into budget_counters (scope, period, period_start) values (:scope, :period, :start)
				on conflict do nothing""")
			.bind("scope", hold.limit().scope())
			.bind("period", hold.limit().period().name())
			.bind("start", hold.start())
			.then();
		Mono<Long> taken = this.database.sql("""
				update budget_counters set reserved = reserved + :amount
				where scope = :scope and period = :period and period_start = :start
				and spent + reserved + :amount <= :limit""")
			.bind("amount", hold.amount())
			.bind("limit", hold.limit().amount())
			.bind("scope", hold.limit().scope())
			.bind("period", hold.limit().period().name())
			.bind("start", hold.start())
			.fetch()
			.rowsUpdated();
		Mono<Void> kept = this.database.sql("""
				insert into budget_holds (reservation, scope, period, period_start, amount, created_at)
				values (:reservation, :scope, :period, :start, :amount, :now)""")
			.bind("reservation", reservation)
			.bind("scope", hold.limit().scope())
			.bind("period", hold.limit().period().name())
			.bind("start", hold.start())
			.bind("amount", hold.amount())
			.bind("now", now)
			.then();
		return row.then(taken)
			.flatMap((updated) -> (updated == 0)
					? Mono.error(new BudgetExhausted(hold.limit(), hold.amount(), hold.limit().period().renewsIn(now)))
					: kept);
	}

	/**
	 * Releases the reservation and counts the actual cost as spent on each of its
	 * counters. Joins the caller's transaction, if any. Settling a reservation again, or
	 * one already released by the sweep, still counts the cost, and releases nothing.
	 */
	Mono<Void> settle(Reservation reservation, BigDecimal actual) {
		return Flux.fromIterable(reservation.holds())
			.concatMap((hold) -> this.database.sql("""
					with released as (
					    delete from budget_holds
					    where reservation = :reservation and scope = :scope and period = :period
					    and period_start = :start
					    returning amount)
					update budget_counters
					set spent = spent + :actual, reserved = reserved - coalesce((select sum(amount) from released), 0)
					where scope = :scope and period = :period and period_start = :start""")
				.bind("reservation", reservation.id())
				.bind("scope", hold.limit().scope())
				.bind("period", hold.limit().period().name())
				.bind("start", hold.start())
				.bind("actual", actual)
				.then())
			.then();
	}

	/** Releases every hold taken before the cutoff; how many holds were released. */
	Mono<Long> releaseExpired(Instant cutoff) {
		return this.database.sql("""
				with expired as (
				    delete from budget_holds where created_at < :cutoff
				    returning scope, period, period_start, amount),
				totals as (
				    select scope, period, period_start, sum(amount) as amount, count(*) as holds
				    from expired group by scope, period, period_start),
				released as (
				    update budget_counters c set reserved = c.reserved - t.amount from totals t
				    where c.scope = t.scope and c.period = t.period and c.period_start = t.period_start)
				select coalesce(sum(holds), 0) as holds from totals""")
			.bind("cutoff", cutoff)
			.map((row, meta) -> row.get("holds", Number.class))
			.one()
			.map(Number::longValue)
			.as(this.transactions::transactional);
	}

	/** The budgets that apply to the caller, always in the same order. */
	static List<Limit> limits(Caller caller) {
		Budgets budgets = caller.budgets();
		String tenant = "tenant:" + caller.tenant();
		String key = "key:" + caller.tenant() + ":" + caller.keyId();
		List<Limit> limits = new ArrayList<>(4);
		add(limits, tenant, "tenant's daily budget", Period.DAY, budgets.tenantDaily());
		add(limits, tenant, "tenant's monthly budget", Period.MONTH, budgets.tenantMonthly());
		add(limits, key, "key's daily budget", Period.DAY, budgets.keyDaily());
		add(limits, key, "key's monthly budget", Period.MONTH, budgets.keyMonthly());
		return limits;
	}

	private static void add(List<Limit> limits, String scope, String description, Period period,
			@Nullable BigDecimal amount) {
		if (amount != null) {
			limits.add(new Limit(scope, description, period, amount));
		}
	}

	/** A budget's period: a UTC calendar day or month. */
	enum Period {

		DAY, MONTH;

		LocalDate start(LocalDate day) {
			return (this == DAY) ? day : day.withDayOfMonth(1);
		}

		/** How long from the instant until the next period starts (at least a second). */
		Duration renewsIn(Instant now) {
			LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
			LocalDate next = (this == DAY) ? today.plusDays(1) : today.withDayOfMonth(1).plusMonths(1);
			Duration left = Duration.between(now, next.atStartOfDay(ZoneOffset.UTC).toInstant());
			return (left.getSeconds() < 1) ? Duration.ofSeconds(1) : left.withNanos(0).plusSeconds(1);
		}

	}

	/**
	 * One budget.
	 *
	 * @param scope whose spending it limits: {@code tenant:<id>} or
	 * {@code key:<tenant>:<id>}
	 * @param description how to name it to the client
	 * @param period the period it renews at
	 * @param amount the most that may be spent per period
	 */
	record Limit(String scope, String description, Period period, BigDecimal amount) {
	}

	/** A reservation against one budget's current period. */
	record Hold(Limit limit, LocalDate start, BigDecimal amount) {
	}

	/**
	 * What one request reserved.
	 *
	 * @param id the reservation's id
	 * @param holds one per budget that applies
	 */
	record Reservation(UUID id, List<Hold> holds) {

		static final Reservation NONE = new Reservation(new UUID(0, 0), List.of());

	}

}
