package banyan.legacy.migration;

import java.time.Instant;
import java.util.List;

/**
 * What the gateway compared for one migrated route over a window.
 *
 * @param route the route
 * @param from the window's start
 * @param to the window's end
 * @param samples the candidate samples: compared, served after cutover, or failed
 * @param matches those that matched
 * @param mismatches those that differed in any field
 * @param significantMismatches those that differed in a field that counts: one whose
 * mismatch rate is above its noise rate by more than the gate's thresholds
 * @param mismatchRate significant mismatches per sample compared (matched or mismatched):
 * what the gate judges
 * @param served cut-over requests the candidate answered (nothing to compare them with)
 * @param candidateFailures the candidate's failures, mirrored or cut over: no answer, or
 * a 5xx when cut over
 * @param noiseSamples the samples of app-legacy against itself
 * @param fields per field: how often it differed from the candidate, how often between
 * two legacy answers (noise), and whether it counts
 * @param primaryP50 the primary's median latency, in milliseconds
 * @param primaryP95 the primary's 95th percentile, in milliseconds
 * @param candidateP50 the candidate's median latency, in milliseconds
 * @param candidateP95 the candidate's 95th percentile, in milliseconds
 * @param overlap for a search: the mean overlap@k of the result ids; null otherwise
 * @param tau for a search: the mean rank correlation; null otherwise
 * @param latestMismatches the latest mismatch samples, newest first
 */
public record MigrationReport(String route, Instant from, Instant to, long samples, long matches, long mismatches,
		long significantMismatches, double mismatchRate, long served, long candidateFailures, long noiseSamples,
		List<Field> fields, double primaryP50, double primaryP95, double candidateP50, double candidateP95,
		Double overlap, Double tau, List<Mismatch> latestMismatches) {

	/** The same figures without the mismatch samples (which hold answers' contents). */
	public MigrationReport withoutSamples() {
		return new MigrationReport(this.route, this.from, this.to, this.samples, this.matches, this.mismatches,
				this.significantMismatches, this.mismatchRate, this.served, this.candidateFailures, this.noiseSamples,
				this.fields, this.primaryP50, this.primaryP95, this.candidateP50, this.candidateP95, this.overlap,
				this.tau, List.of());
	}

	/**
	 * One field's difference rates.
	 *
	 * @param field the field's path
	 * @param mismatchRate the share of candidate samples where it differed
	 * @param noiseRate the share of noise samples where it differed
	 * @param counted whether its differences count as mismatches: above the noise by more
	 * than the thresholds
	 */
	public record Field(String field, double mismatchRate, double noiseRate, boolean counted) {
	}

	/**
	 * One stored mismatch sample.
	 *
	 * @param at when it was compared
	 * @param fields what differed
	 * @param diff both answers, abbreviated
	 */
	public record Mismatch(Instant at, List<String> fields, String diff) {
	}

}
