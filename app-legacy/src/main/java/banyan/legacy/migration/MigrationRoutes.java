package banyan.legacy.migration;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import banyan.contracts.migration.MigrationRouteSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The settings of endpoints under migration: versioned (one sequence across routes, so
 * the gateway asks only whether anything is newer than what it has), written with
 * optimistic locking, and every change in the audit log with who made it.
 */
@Service
public class MigrationRoutes {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	MigrationRoutes(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** The comparison rules, stored as one JSON column. */
	record Rules(List<String> ignore, List<String> unordered, double relativeTolerance, double absoluteTolerance,
			String resultsPath, String idField, int k) {
	}

	/**
	 * One audit entry.
	 *
	 * @param at when
	 * @param actor who
	 * @param before the settings before (null for the first)
	 * @param after the settings after
	 */
	public record AuditEntry(Instant at, String actor, @Nullable String before, String after) {
	}

	public List<MigrationRouteSettings> all() {
		return this.jdbc.sql("select * from migration_routes order by id").query(this::settings).list();
	}

	public Optional<MigrationRouteSettings> find(String id) {
		return this.jdbc.sql("select * from migration_routes where id = ?").param(id).query(this::settings).optional();
	}

	/** What the gateway polls: every route, and the newest version. */
	public MigrationRouteSettings.Snapshot snapshot() {
		List<MigrationRouteSettings> routes = all();
		return new MigrationRouteSettings.Snapshot(
				routes.stream().mapToLong(MigrationRouteSettings::version).max().orElse(0), routes);
	}

	/**
	 * Creates or replaces the route's settings.
	 * @param expectedVersion the version the change was based on; null to write whatever
	 * is there
	 * @throws StaleRouteVersion when the route is at another version
	 */
	@Transactional
	public MigrationRouteSettings save(MigrationRouteSettings change, @Nullable Long expectedVersion, String actor) {
		Optional<MigrationRouteSettings> current = this.jdbc
			.sql("select * from migration_routes where id = ? for update")
			.param(change.id())
			.query(this::settings)
			.optional();
		if (expectedVersion != null && current.map(MigrationRouteSettings::version).orElse(0L) != expectedVersion) {
			throw new StaleRouteVersion(change.id(), current.map(MigrationRouteSettings::version).orElse(0L),
					expectedVersion);
		}
		String rules = this.json
			.writeValueAsString(new Rules(change.ignore(), change.unordered(), change.relativeTolerance(),
					change.absoluteTolerance(), change.resultsPath(), change.idField(), change.k()));
		this.jdbc
			.sql("""
					insert into migration_routes (id, method, path, mirror_percentage, noise_percentage, cutover_weight,
					    rules, state, version)
					values (:id, :method, :path, :mirror, :noise, :weight, :rules, :state, nextval('migration_settings_version'))
					on conflict (id) do update set method = excluded.method, path = excluded.path,
					    mirror_percentage = excluded.mirror_percentage, noise_percentage = excluded.noise_percentage,
					    cutover_weight = excluded.cutover_weight, rules = excluded.rules, state = excluded.state,
					    version = excluded.version""")
			.param("id", change.id())
			.param("method", change.method())
			.param("path", change.path())
			.param("mirror", change.mirrorPercentage())
			.param("noise", change.noisePercentage())
			.param("weight", change.cutoverWeight())
			.param("rules", rules)
			.param("state", change.state())
			.update();
		MigrationRouteSettings saved = find(change.id()).orElseThrow();
		this.jdbc.sql("insert into migration_audit (route, at, actor, before, after) values (?, ?, ?, ?, ?)")
			.params(change.id(), java.sql.Timestamp.from(this.clock.instant()), actor,
					current.map(this::text).orElse(null), text(saved))
			.update();
		return saved;
	}

	/** The one switch back: weight 0, state {@code rolled-back}, at once. */
	@Transactional
	public Optional<MigrationRouteSettings> rollBack(String id, String actor) {
		return find(id).map((current) -> setWeight(current, 0, "rolled-back", actor));
	}

	/** The route's gate: as set, or {@link Gate#standard()}. */
	public Gate gate(String id) {
		return this.jdbc.sql("select gate from migration_routes where id = ? and gate is not null")
			.param(id)
			.query(String.class)
			.optional()
			.map((gate) -> this.json.readValue(gate, Gate.class))
			.orElseGet(Gate::standard);
	}

	/**
	 * Sets the route's gate, audited.
	 * @return whether the route exists
	 */
	@Transactional
	public boolean setGate(String id, Gate gate, String actor) {
		Optional<String> before = this.jdbc
			.sql("select coalesce(gate, '') from migration_routes where id = ? for update")
			.param(id)
			.query(String.class)
			.optional();
		if (before.isEmpty()) {
			return false;
		}
		this.jdbc.sql("update migration_routes set gate = ? where id = ?")
			.params(this.json.writeValueAsString(gate), id)
			.update();
		this.jdbc.sql("insert into migration_audit (route, at, actor, before, after) values (?, ?, ?, ?, ?)")
			.params(id, java.sql.Timestamp.from(this.clock.instant()), actor,
					before.get().isEmpty() ? null : before.get(), this.json.writeValueAsString(gate))
			.update();
		return true;
	}

	/** When the route's settings last changed. */
	public Optional<Instant> changedAt(String id) {
		return Optional
			.ofNullable(this.jdbc.sql("select max(at) from migration_audit where route = ?")
				.param(id)
				.query(java.sql.Timestamp.class)
				.single())
			.map(java.sql.Timestamp::toInstant);
	}

	/** Changes only the weight and state (a gate's decision, a rollback), audited. */
	@Transactional
	public MigrationRouteSettings setWeight(MigrationRouteSettings current, int weight, String state, String actor) {
		return save(new MigrationRouteSettings(current.id(), current.method(), current.path(),
				current.mirrorPercentage(), current.noisePercentage(), weight, current.ignore(), current.unordered(),
				current.relativeTolerance(), current.absoluteTolerance(), current.resultsPath(), current.idField(),
				current.k(), state, current.version()), null, actor);
	}

	/** The route's latest changes, newest first. */
	public List<AuditEntry> audit(String id) {
		return this.jdbc
			.sql("select at, actor, before, after from migration_audit where route = ? order by id desc limit 50")
			.param(id)
			.query((row, number) -> new AuditEntry(row.getTimestamp("at").toInstant(), row.getString("actor"),
					row.getString("before"), row.getString("after")))
			.list();
	}

	private String text(MigrationRouteSettings settings) {
		return this.json.writeValueAsString(settings);
	}

	private MigrationRouteSettings settings(java.sql.ResultSet row, int number) throws java.sql.SQLException {
		Rules rules = this.json.readValue(row.getString("rules"), Rules.class);
		return new MigrationRouteSettings(row.getString("id"), row.getString("method"), row.getString("path"),
				row.getDouble("mirror_percentage"), row.getDouble("noise_percentage"), row.getInt("cutover_weight"),
				rules.ignore(), rules.unordered(), rules.relativeTolerance(), rules.absoluteTolerance(),
				rules.resultsPath(), rules.idField(), rules.k(), row.getString("state"), row.getLong("version"));
	}

}
