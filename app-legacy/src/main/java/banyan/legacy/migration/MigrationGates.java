package banyan.legacy.migration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import banyan.contracts.migration.MigrationRouteSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The automatic gates (ADR 14), like Flagger's or Argo Rollouts' analysis: every
 * {@code banyan.migration.gate-interval} each {@code progressing} route is judged on its
 * figures since its last change; a pass promotes it to the next step of its schedule (at
 * 100 it is {@code done}), a breach rolls it back to 0, and too few samples leave it
 * where it is. Every promotion and rollback is recorded with the figures that caused it.
 */
@Service
public class MigrationGates {

	private static final Logger log = LoggerFactory.getLogger(MigrationGates.class);

	/** Who the audit log names for the gates' changes. */
	static final String ACTOR = "gate";

	private final MigrationRoutes routes;

	private final MigrationResults results;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	MigrationGates(MigrationRoutes routes, MigrationResults results, JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.routes = routes;
		this.results = results;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * One recorded decision.
	 *
	 * @param at when
	 * @param decision {@code promote} or {@code roll-back}
	 * @param fromWeight the weight before
	 * @param toWeight the weight after
	 * @param reason why, in words
	 * @param figures the report the decision was made on
	 */
	public record Transition(Instant at, String decision, int fromWeight, int toWeight, String reason, String figures) {
	}

	@Scheduled(fixedDelayString = "${banyan.migration.gate-interval:60s}",
			initialDelayString = "${banyan.migration.gate-interval:60s}")
	void evaluateAll() {
		for (MigrationRouteSettings route : this.routes.all()) {
			if ("progressing".equals(route.state())) {
				try {
					evaluate(route.id());
				}
				catch (RuntimeException ex) {
					log.error("The gate of migration {} could not be evaluated", route.id(), ex);
				}
			}
		}
	}

	/**
	 * Judges one route now: what it decided ({@code promote}, {@code roll-back},
	 * {@code wait}).
	 */
	@Transactional
	public String evaluate(String id) {
		Optional<MigrationRouteSettings> found = this.routes.find(id);
		if (found.isEmpty() || !"progressing".equals(found.get().state())) {
			return "wait";
		}
		MigrationRouteSettings route = found.get();
		Gate gate = this.routes.gate(id);
		Instant now = this.clock.instant();
		Instant since = this.routes.changedAt(id)
			.filter((changed) -> changed.isAfter(now.minus(Duration.ofMinutes(gate.windowMinutes()))))
			.orElse(now.minus(Duration.ofMinutes(gate.windowMinutes())));
		MigrationReport report = this.results.report(id, since, now, gate.thresholds());
		if (report.samples() < gate.minSamples()) {
			return "wait";
		}
		double mismatchRate = report.mismatchRate();
		double errorRate = (double) report.candidateFailures() / report.samples();
		String figures = this.json.writeValueAsString(report.withoutSamples());
		String breach = null;
		if (mismatchRate > gate.maxMismatchRate()) {
			breach = "mismatch rate %.4f above %.4f".formatted(mismatchRate, gate.maxMismatchRate());
		}
		else if (errorRate > gate.maxErrorRate()) {
			breach = "candidate error rate %.4f above %.4f".formatted(errorRate, gate.maxErrorRate());
		}
		else if (report.candidateP95() > gate.maxP95Millis()) {
			breach = "candidate p95 %.0f ms above %d ms".formatted(report.candidateP95(), gate.maxP95Millis());
		}
		if (breach != null) {
			this.routes.setWeight(route, 0, "rolled-back", ACTOR);
			record(id, now, "roll-back", route.cutoverWeight(), 0, breach, figures);
			log.warn("Migration {} rolled back by its gate: {}", id, breach);
			return "roll-back";
		}
		int next = gate.next(route.cutoverWeight());
		String reason = "%d samples: mismatch rate %.4f, error rate %.4f, candidate p95 %.0f ms within the gate"
			.formatted(report.samples(), mismatchRate, errorRate, report.candidateP95());
		if (next < 0) {
			this.routes.setWeight(route, route.cutoverWeight(), "done", ACTOR);
			record(id, now, "promote", route.cutoverWeight(), route.cutoverWeight(), reason + "; schedule complete",
					figures);
			return "promote";
		}
		this.routes.setWeight(route, next, (next >= 100 && gate.next(next) < 0) ? "done" : "progressing", ACTOR);
		record(id, now, "promote", route.cutoverWeight(), next, reason, figures);
		log.info("Migration {} promoted by its gate from {} to {}", id, route.cutoverWeight(), next);
		return "promote";
	}

	/** The route's decisions, newest first. */
	public List<Transition> transitions(String id) {
		return this.jdbc.sql("""
				select at, decision, from_weight, to_weight, reason, figures from migration_transitions
				where route = ? order by id desc limit 50""")
			.param(id)
			.query((row, number) -> new Transition(row.getTimestamp("at").toInstant(), row.getString("decision"),
					row.getInt("from_weight"), row.getInt("to_weight"), row.getString("reason"),
					row.getString("figures")))
			.list();
	}

	private void record(String id, Instant at, String decision, int from, int to, String reason, String figures) {
		this.jdbc.sql("""
				insert into migration_transitions (route, at, decision, from_weight, to_weight, reason, figures)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, Timestamp.from(at), decision, from, to, reason, figures)
			.update();
	}

}
