package banyan.legacy.migration;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import banyan.contracts.migration.ComparisonResult;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The compared samples the gateway sends, stored per route, and the report over a window.
 */
@Service
public class MigrationResults {

	/** How many mismatch samples are kept per route. */
	static final int KEPT_MISMATCHES = 100;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	MigrationResults(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/** Stores a batch: one insert for all, and the mismatch samples within their cap. */
	@Transactional
	public void record(List<ComparisonResult> results) {
		this.template.batchUpdate("""
				insert into migration_results (route, at, outcome, noise, primary_status, candidate_status,
				    primary_millis, candidate_millis, fields, overlap, tau)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", results, results.size(), (statement, result) -> {
			statement.setString(1, result.route());
			statement.setTimestamp(2, Timestamp.from(result.at()));
			statement.setString(3, result.outcome());
			statement.setBoolean(4, result.noise());
			statement.setInt(5, result.primaryStatus());
			statement.setInt(6, result.candidateStatus());
			statement.setLong(7, result.primaryMillis());
			statement.setLong(8, result.candidateMillis());
			statement.setArray(9, statement.getConnection().createArrayOf("text", result.fields().toArray()));
			if (result.overlap() >= 0) {
				statement.setDouble(10, result.overlap());
				statement.setDouble(11, result.tau());
			}
			else {
				statement.setNull(10, java.sql.Types.DOUBLE);
				statement.setNull(11, java.sql.Types.DOUBLE);
			}
		});
		List<ComparisonResult> mismatches = results.stream()
			.filter((result) -> !result.noise() && "mismatch".equals(result.outcome()))
			.toList();
		this.template.batchUpdate("insert into migration_mismatches (route, at, fields, diff) values (?, ?, ?, ?)",
				mismatches, Math.max(1, mismatches.size()), (statement, mismatch) -> {
					statement.setString(1, mismatch.route());
					statement.setTimestamp(2, Timestamp.from(mismatch.at()));
					statement.setArray(3, statement.getConnection().createArrayOf("text", mismatch.fields().toArray()));
					statement.setString(4, mismatch.diff());
				});
		mismatches.stream()
			.map(ComparisonResult::route)
			.distinct()
			.forEach((route) -> this.jdbc.sql("""
					delete from migration_mismatches where route = ? and id <= (
					    select id from migration_mismatches where route = ? order by id desc offset ? limit 1)""")
				.params(route, route, KEPT_MISMATCHES)
				.update());
	}

	/**
	 * When a differing field counts as a mismatch, as Diffy decides: only when it differs
	 * from the candidate more often than between two legacy answers (the noise) by more
	 * than {@code absolute} and by more than {@code relative} of the noise rate.
	 *
	 * @param absolute the least distance between a field's mismatch and noise rates
	 * @param relative the least excess of the mismatch rate, as a fraction of the noise
	 * rate
	 */
	public record Thresholds(double absolute, double relative) {

		boolean counts(double mismatchRate, double noiseRate) {
			double excess = mismatchRate - noiseRate;
			return excess > this.absolute && excess > this.relative * noiseRate;
		}

	}

	/**
	 * The route's report over {@code [from, to)}, its mismatches counted after the
	 * thresholds.
	 */
	@Transactional(readOnly = true)
	public MigrationReport report(String route, Instant from, Instant to, Thresholds thresholds) {
		Timestamp start = Timestamp.from(from);
		Timestamp end = Timestamp.from(to);
		Map<String, Object> totals = this.jdbc.sql("""
				select count(*) filter (where not noise) as samples,
				       count(*) filter (where not noise and outcome = 'match') as matches,
				       count(*) filter (where not noise and outcome = 'mismatch') as mismatches,
				       count(*) filter (where not noise and outcome = 'candidate-failed') as failures,
				       count(*) filter (where not noise and outcome = 'served') as served,
				       count(*) filter (where noise) as noise,
				       coalesce(percentile_cont(0.5) within group (order by primary_millis)
				           filter (where not noise and primary_millis >= 0), 0) as p50,
				       coalesce(percentile_cont(0.95) within group (order by primary_millis)
				           filter (where not noise and primary_millis >= 0), 0) as p95,
				       coalesce(percentile_cont(0.5) within group (order by candidate_millis)
				           filter (where not noise and candidate_millis >= 0), 0) as c50,
				       coalesce(percentile_cont(0.95) within group (order by candidate_millis)
				           filter (where not noise and candidate_millis >= 0), 0) as c95,
				       avg(overlap) filter (where not noise) as overlap,
				       avg(tau) filter (where not noise) as tau
				from migration_results where route = ? and at >= ? and at < ?""")
			.params(route, start, end)
			.query()
			.singleRow();
		long compared = number(totals.get("matches")) + number(totals.get("mismatches"));
		long noise = number(totals.get("noise"));
		Map<String, long[]> byField = new HashMap<>();
		this.jdbc.sql("""
				select field, count(*) filter (where not noise) as candidate, count(*) filter (where noise) as noise
				from migration_results, unnest(fields) as field
				where route = ? and at >= ? and at < ? and outcome <> 'candidate-failed'
				group by field order by field""")
			.params(route, start, end)
			.query((row, number) -> byField.put(row.getString("field"),
					new long[] { row.getLong("candidate"), row.getLong("noise") }))
			.list();
		List<MigrationReport.Field> fields = new ArrayList<>();
		byField.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((entry) -> {
			double mismatchRate = (compared > 0) ? (double) entry.getValue()[0] / compared : 0;
			double noiseRate = (noise > 0) ? (double) entry.getValue()[1] / noise : 0;
			fields.add(new MigrationReport.Field(entry.getKey(), mismatchRate, noiseRate,
					thresholds.counts(mismatchRate, noiseRate)));
		});
		List<String> counted = fields.stream()
			.filter(MigrationReport.Field::counted)
			.map(MigrationReport.Field::field)
			.toList();
		// The samples that differ in at least one field that counts.
		long significant = counted.isEmpty() ? 0
				: this.jdbc.sql("""
						select count(*) from migration_results
						where route = ? and at >= ? and at < ? and not noise and outcome = 'mismatch'
						    and fields && string_to_array(?, chr(31))""")
					.params(route, start, end, String.join("\u001f", counted))
					.query(Long.class)
					.single();
		List<MigrationReport.Mismatch> latest = this.jdbc.sql("""
				select at, fields, diff from migration_mismatches where route = ? order by id desc limit 10""")
			.param(route)
			.query((row, number) -> new MigrationReport.Mismatch(row.getTimestamp("at").toInstant(),
					strings(row.getArray("fields")), row.getString("diff")))
			.list();
		return new MigrationReport(route, from, to, number(totals.get("samples")), number(totals.get("matches")),
				number(totals.get("mismatches")), significant, (compared > 0) ? (double) significant / compared : 0,
				number(totals.get("served")), number(totals.get("failures")), noise, fields, decimal(totals.get("p50")),
				decimal(totals.get("p95")), decimal(totals.get("c50")), decimal(totals.get("c95")),
				(Double) nullableDecimal(totals.get("overlap")), (Double) nullableDecimal(totals.get("tau")), latest);
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	private static double decimal(Object value) {
		return (value instanceof Number number) ? number.doubleValue() : 0;
	}

	private static Object nullableDecimal(Object value) {
		return (value instanceof Number number) ? Double.valueOf(number.doubleValue()) : null;
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

}
