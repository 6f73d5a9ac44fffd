package banyan.legacy.migration;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A route's automatic gate: over the window since its last change (at most
 * {@code windowMinutes}), with at least {@code minSamples} compared samples, a
 * {@code progressing} route moves to the next weight of its schedule when the mismatch
 * rate, the candidate's error rate and its p95 latency are all within their thresholds,
 * and is rolled back to 0 when one is not; with fewer samples it waits.
 *
 * @param schedule the cutover weights to go through, rising ({@code 0, 5, 25, 50, 100})
 * @param windowMinutes the longest window looked at
 * @param minSamples the fewest samples a decision needs
 * @param maxMismatchRate the highest share of mismatching samples allowed
 * @param maxErrorRate the highest share of candidate failures allowed
 * @param maxP95Millis the highest candidate p95 latency allowed, in milliseconds
 * @param fieldAbsoluteThreshold a field counts as a mismatch only when its mismatch rate
 * is above its noise rate by more than this (0.03: three points); 0.03 when not given
 * @param fieldRelativeThreshold and only when its mismatch rate is above its noise rate
 * by more than this fraction of the noise rate (0.2: 20 % more); 0.2 when not given
 */
public record Gate(@NotEmpty @Size(max = 20) @Rising List<@Min(0) @Max(100) Integer> schedule,
		@Min(1) @Max(10_080) int windowMinutes, @Min(1) @Max(1_000_000) int minSamples,
		@DecimalMin("0") @DecimalMax("1") double maxMismatchRate, @DecimalMin("0") @DecimalMax("1") double maxErrorRate,
		@Min(1) @Max(600_000) long maxP95Millis,
		@Nullable @DecimalMin("0") @DecimalMax("1") Double fieldAbsoluteThreshold,
		@Nullable @DecimalMin("0") @DecimalMax("100") Double fieldRelativeThreshold) {

	/** Diffy's defaults: three points above the noise, and 20 % above it. */
	static final double ABSOLUTE_THRESHOLD = 0.03;

	static final double RELATIVE_THRESHOLD = 0.2;

	public Gate {
		schedule = List.copyOf(schedule);
		fieldAbsoluteThreshold = (fieldAbsoluteThreshold != null) ? fieldAbsoluteThreshold : ABSOLUTE_THRESHOLD;
		fieldRelativeThreshold = (fieldRelativeThreshold != null) ? fieldRelativeThreshold : RELATIVE_THRESHOLD;
	}

	/** The gate of a route that has none set: 0 → 5 → 25 → 50 → 100 over 50 samples. */
	static Gate standard() {
		return new Gate(List.of(0, 5, 25, 50, 100), 60, 50, 0.05, 0.01, 1_000, ABSOLUTE_THRESHOLD, RELATIVE_THRESHOLD);
	}

	/** Which differences count as mismatches. */
	public MigrationResults.Thresholds thresholds() {
		return new MigrationResults.Thresholds(fieldAbsoluteThreshold(), fieldRelativeThreshold());
	}

	/** The first weight of the schedule above {@code weight}; -1 when there is none. */
	int next(int weight) {
		return this.schedule.stream().filter((step) -> step > weight).mapToInt(Integer::intValue).min().orElse(-1);
	}

}
