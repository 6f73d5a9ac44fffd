package banyan.contracts.migration;

import java.time.Instant;
import java.util.List;

/**
 * One compared sample of an endpoint under migration, as the gateway reports it to
 * app-legacy ({@code POST /internal/migrations/results}).
 *
 * @param route the migrated route's id
 * @param at when the primary answer was complete
 * @param outcome {@code match}, {@code mismatch}, {@code candidate-failed}, or
 * {@code served} for a cut-over request the candidate answered (nothing compared)
 * @param primaryStatus the primary's status code; 0 for a cut-over request
 * @param candidateStatus the candidate's status code; 0 when it did not answer
 * @param primaryMillis how long the primary took; -1 for a cut-over request
 * @param candidateMillis how long the candidate took; -1 when it did not answer
 * @param fields the fields that differed (paths with {@code [*]} for array elements)
 * @param noise whether this sample is of the noise baseline (app-legacy against itself)
 * rather than of the candidate
 * @param overlap for a search: overlap@k of the result ids; -1 otherwise
 * @param tau for a search: Kendall's tau of the shared result ids; -2 otherwise
 * @param diff for a mismatch: the differing values, abbreviated; empty otherwise
 */
public record ComparisonResult(String route, Instant at, String outcome, int primaryStatus, int candidateStatus,
		long primaryMillis, long candidateMillis, List<String> fields, boolean noise, double overlap, double tau,
		String diff) {

	public ComparisonResult {
		fields = List.copyOf(fields);
	}

}
