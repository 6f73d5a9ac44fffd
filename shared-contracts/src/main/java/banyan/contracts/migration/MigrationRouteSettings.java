package banyan.contracts.migration;

import java.util.List;

/**
 * The settings of one endpoint under migration, as app-legacy's control plane holds them
 * and the gateway applies them (ADR 14).
 *
 * @param id the route's id ({@code kb-search})
 * @param method the HTTP method (GET or HEAD)
 * @param path the exact path ({@code /api/kb/search})
 * @param mirrorPercentage the share of staff members mirrored, 0 to 100
 * @param noisePercentage the share of mirrored requests asked of app-legacy twice
 * @param cutoverWeight the share of tenants the candidate answers, 0 to 100
 * @param ignore JSON paths never compared
 * @param unordered JSON paths of arrays compared as sets
 * @param relativeTolerance numbers within this fraction are equal
 * @param absoluteTolerance numbers within this distance are equal
 * @param resultsPath for a search, the path of its ranked results; empty otherwise
 * @param idField the field that identifies a result
 * @param k how many results the search comparison looks at
 * @param state {@code shadow}, {@code progressing}, {@code paused}, {@code rolled-back}
 * or {@code done}
 * @param version grows with every change of any route's settings
 */
public record MigrationRouteSettings(String id, String method, String path, double mirrorPercentage,
		double noisePercentage, int cutoverWeight, List<String> ignore, List<String> unordered,
		double relativeTolerance, double absoluteTolerance, String resultsPath, String idField, int k, String state,
		long version) {

	public MigrationRouteSettings {
		ignore = List.copyOf(ignore);
		unordered = List.copyOf(unordered);
	}

	/**
	 * Whether a method only reads (GET, HEAD): any other is mirrored only when the route
	 * opts in, since the candidate receives the mirrored request as well.
	 */
	public static boolean readsOnly(String method) {
		return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
	}

	/**
	 * What {@code GET /internal/migrations} answers: every route, and the newest version.
	 *
	 * @param version the highest version of any route (0 when there are none)
	 * @param routes all routes
	 */
	public record Snapshot(long version, List<MigrationRouteSettings> routes) {

		public Snapshot {
			routes = List.copyOf(routes);
		}

	}

}
