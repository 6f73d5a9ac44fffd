package banyan.gateway.migration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import banyan.contracts.migration.ComparisonResult;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what app-legacy answered with what the candidate (or app-legacy a second time,
 * for the noise) answered to the same request, after the route's rules, and records the
 * outcome: counters and latencies in the metrics, each sample in the results sent to
 * app-legacy. Called off the event loop, once both answers are in.
 */
final class MirrorComparison {

	private static final Logger log = LoggerFactory.getLogger(MirrorComparison.class);

	/**
	 * The most fields of one sample that are counted, so a strange answer cannot flood
	 * the metrics.
	 */
	private static final int MAX_FIELDS = 20;

	private final MeterRegistry meters;

	private final JsonMapper json;

	private final MirrorResults results;

	MirrorComparison(MeterRegistry meters, JsonMapper json, MirrorResults results) {
		this.meters = meters;
		this.json = json;
		this.results = results;
	}

	/** The primary's answer against the candidate's. */
	void compare(String route, MigrationSettings.Route rules, Answer primary, Answer candidate) {
		if (primary.body() == null) {
			count(route, SampleOutcome.DROPPED_TOO_LARGE);
			return;
		}
		// Each body is read as JSON once, for the fields and the search comparison.
		JsonNode left = json(primary.body());
		JsonNode right = json(candidate.body());
		Set<String> differences = differences(rules, primary, left, candidate, right);
		SampleOutcome outcome = differences.isEmpty() ? SampleOutcome.MATCH : SampleOutcome.MISMATCH;
		count(route, outcome);
		differences.stream()
			.limit(MAX_FIELDS)
			.forEach((field) -> this.meters
				.counter("banyan.migration.fields", "route", route, "field", field, "kind", "mismatch")
				.increment());
		this.meters.timer("banyan.migration.latency", "route", route, "side", "primary").record(primary.latency());
		this.meters.timer("banyan.migration.latency", "route", route, "side", "candidate").record(candidate.latency());
		double overlap = -1;
		double tau = -2;
		if (!rules.resultsPath().isEmpty() && primary.status() == 200 && candidate.status() == 200 && left != null
				&& right != null) {
			JsonComparison.SearchAgreement agreement = JsonComparison.SearchAgreement.of(
					JsonComparison.SearchAgreement.ids(left, rules.resultsPath(), rules.idField()),
					JsonComparison.SearchAgreement.ids(right, rules.resultsPath(), rules.idField()), rules.k());
			this.meters.summary("banyan.migration.search.overlap", "route", route).record(agreement.overlap());
			this.meters.summary("banyan.migration.search.tau", "route", route).record(agreement.tau());
			overlap = agreement.overlap();
			tau = agreement.tau();
		}
		this.results.add(new ComparisonResult(route, Instant.now(), outcome.value(), primary.status(),
				candidate.status(), primary.latency().toMillis(), candidate.latency().toMillis(),
				differences.stream().limit(MAX_FIELDS).toList(), false, overlap, tau,
				differences.isEmpty() ? "" : diff(primary, candidate)));
		if (!differences.isEmpty()) {
			log.info("Migration {}: the candidate differs from the primary in {}", route, differences);
		}
	}

	/** Counts what differs between two legacy answers to the same request: noise. */
	void noise(String route, MigrationSettings.Route rules, Answer primary, Answer again) {
		if (primary.body() == null) {
			return;
		}
		Set<String> differences = differences(rules, primary, json(primary.body()), again, json(again.body()));
		this.meters.counter("banyan.migration.noise.samples", "route", route).increment();
		this.results.add(new ComparisonResult(route, Instant.now(),
				(differences.isEmpty() ? SampleOutcome.MATCH : SampleOutcome.MISMATCH).value(), primary.status(),
				again.status(), primary.latency().toMillis(), again.latency().toMillis(),
				differences.stream().limit(MAX_FIELDS).toList(), true, -1, -2, ""));
		differences.stream()
			.limit(MAX_FIELDS)
			.forEach((field) -> this.meters
				.counter("banyan.migration.fields", "route", route, "field", field, "kind", "noise")
				.increment());
	}

	/**
	 * The candidate's call failed; a sample that was not mirrored at all is only counted.
	 */
	void failed(String route, Answer primary, SampleOutcome outcome, Throwable failure) {
		count(route, outcome);
		if (outcome == SampleOutcome.CANDIDATE_FAILED) {
			this.results.add(new ComparisonResult(route, Instant.now(), outcome.value(), primary.status(), 0,
					primary.latency().toMillis(), -1, List.of(), false, -1, -2, ""));
		}
		log.debug("Migration {}: the mirrored call failed: {}", route, failure.toString());
	}

	/** Counts a sample's outcome. */
	void count(String route, SampleOutcome outcome) {
		this.meters.counter("banyan.migration.samples", "route", route, "outcome", outcome.value()).increment();
	}

	/**
	 * The fields that differ (after the route's rules) when both are JSON; {@code status}
	 * when the status codes differ; {@code $} for bodies that are not JSON and differ.
	 */
	private static Set<String> differences(MigrationSettings.Route rules, Answer primary, @Nullable JsonNode a,
			Answer other, @Nullable JsonNode b) {
		Set<String> found = new TreeSet<>();
		if (primary.status() != other.status()) {
			found.add("status");
		}
		byte[] left = primary.body();
		byte[] right = other.body();
		if (left == null || right == null) {
			found.add("$");
			return found;
		}
		if (a != null && b != null) {
			found.addAll(rules.comparison().differences(a, b));
		}
		else if (!Arrays.equals(left, right)) {
			found.add("$");
		}
		return found;
	}

	private @Nullable JsonNode json(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return this.json.readTree(body);
		}
		catch (RuntimeException notJson) {
			return null;
		}
	}

	/** Both bodies, cut to 2,000 characters each, for the store of mismatch samples. */
	private static String diff(Answer primary, Answer candidate) {
		return "primary " + primary.status() + ": " + abbreviate(primary.body()) + "\ncandidate " + candidate.status()
				+ ": " + abbreviate(candidate.body());
	}

	private static String abbreviate(byte @Nullable [] body) {
		if (body == null) {
			return "(too large)";
		}
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() <= 2_000) ? text : text.substring(0, 2_000) + "…";
	}

	/**
	 * One side's answer.
	 *
	 * @param status its status code
	 * @param body its body as the client reads it; {@code null} when it was larger than
	 * the cap
	 * @param latency from the request to the whole answer
	 */
	record Answer(int status, byte @Nullable [] body, Duration latency) {
	}

}
