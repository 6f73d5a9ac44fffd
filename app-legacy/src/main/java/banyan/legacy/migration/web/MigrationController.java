package banyan.legacy.migration.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import banyan.contracts.migration.ComparisonResult;
import banyan.legacy.migration.MigrationReport;
import banyan.legacy.migration.MigrationResults;
import banyan.legacy.migration.MigrationRoutes;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Compared samples in from the gateway, reports out to administrators (ADR 14).
 */
@RestController
class MigrationController {

	/** The most results one batch may carry. */
	static final int MAX_BATCH = 1_000;

	private final MigrationResults results;

	private final MigrationRoutes routes;

	private final Clock clock;

	MigrationController(MigrationResults results, MigrationRoutes routes, Clock clock) {
		this.results = results;
		this.routes = routes;
		this.clock = clock;
	}

	/** Internal: the gateway's batches of compared samples. */
	@PostMapping("/internal/migrations/results")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void record(@RequestBody List<ComparisonResult> batch) {
		if (batch.size() > MAX_BATCH) {
			throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
					"A batch holds at most " + MAX_BATCH + " results.");
		}
		for (ComparisonResult result : batch) {
			if (result == null || result.route() == null || !result.route().matches("[a-z0-9-]{1,64}")
					|| result.at() == null || result.outcome() == null || result.outcome().length() > 32
					|| result.diff() == null) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"Each result needs a route (a-z, 0-9, -), a time, an outcome and a diff.");
			}
		}
		this.results.record(batch);
	}

	/** What the gateway compared for a migrated route over the last minutes. */
	@GetMapping("/api/migrations/{route}/report")
	MigrationReport report(@PathVariable @Pattern(regexp = "[a-z0-9-]{1,64}") String route,
			@RequestParam(defaultValue = "60") @Min(1) @Max(10_080) int minutes) {
		Instant to = this.clock.instant();
		return this.results.report(route, to.minus(Duration.ofMinutes(minutes)), to,
				this.routes.gate(route).thresholds());
	}

}
