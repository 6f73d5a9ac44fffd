package banyan.gateway.migration;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import banyan.contracts.migration.MigrationRouteSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Endpoints under migration and how their shadow traffic runs
 * ({@code banyan.gateway.migration.*}).
 *
 * @param candidateUri where the new implementation listens (app-llm)
 * @param legacyUri app-legacy, for the identity bridge
 * @param maxConcurrent the most mirrored calls in flight at once; more are dropped and
 * counted
 * @param maxConnections the mirror's own connection pool's size
 * @param timeout how long a mirrored call may take in all
 * @param maxBody the largest primary or candidate body compared; larger samples are
 * dropped and counted
 * @param maxPending the most results waiting to be sent to app-legacy; more are dropped
 * and counted
 * @param batchSize the most results sent in one request
 * @param flushInterval how often waiting results are sent
 * @param pollInterval how often app-legacy's control plane is asked for changed settings
 * @param routes the endpoints under migration, by id
 */
@ConfigurationProperties("banyan.gateway.migration")
public record MigrationSettings(@DefaultValue("http://localhost:8082") URI candidateUri,
		@DefaultValue("http://localhost:8081") URI legacyUri, @DefaultValue("64") int maxConcurrent,
		@DefaultValue("50") int maxConnections, @DefaultValue("2s") Duration timeout,
		@DefaultValue("256KB") DataSize maxBody, @DefaultValue("10000") int maxPending,
		@DefaultValue("200") int batchSize, @DefaultValue("1s") Duration flushInterval,
		@DefaultValue("2s") Duration pollInterval, Map<String, Route> routes) {

	public MigrationSettings {
		routes = (routes != null) ? Map.copyOf(routes) : Map.of();
	}

	/**
	 * One endpoint under migration.
	 *
	 * @param method the HTTP method it is mirrored for: GET or HEAD, or another one when
	 * {@code mirrorUnsafeMethods} says the candidate may receive it (its body copied
	 * within {@code max-body}; never asked of app-legacy twice)
	 * @param path its exact path
	 * @param mirrorPercentage the share of staff members whose requests are mirrored, 0
	 * to 100, sticky per member
	 * @param noisePercentage the share of mirrored requests for which app-legacy is asked
	 * a second time, to learn which fields differ between two legacy answers
	 * @param ignore JSON paths never compared ({@code results[*].snippet})
	 * @param unordered JSON paths of arrays compared as sets
	 * @param relativeTolerance numbers within this fraction of each other are equal
	 * @param absoluteTolerance numbers within this distance of each other are equal
	 * @param resultsPath for a search: the path of its ranked results, whose ids are
	 * compared for overlap@k and rank correlation; empty for other endpoints
	 * @param idField the field of a result that identifies it
	 * @param k how many results the search comparison looks at
	 * @param cutoverWeight the share of tenants, 0 to 100, whose requests the candidate
	 * answers instead of app-legacy; sticky per tenant, and raising it only adds tenants
	 * @param mirrorUnsafeMethods the opt-in for a method that may change data: the
	 * candidate must treat the mirrored request as a dry run
	 */
	public record Route(@DefaultValue("GET") String method, String path, @DefaultValue("0") double mirrorPercentage,
			@DefaultValue("0") double noisePercentage, @DefaultValue List<String> ignore,
			@DefaultValue List<String> unordered, @DefaultValue("0") double relativeTolerance,
			@DefaultValue("0") double absoluteTolerance, @DefaultValue("") String resultsPath,
			@DefaultValue("id") String idField, @DefaultValue("10") int k, @DefaultValue("0") int cutoverWeight,
			@DefaultValue("false") boolean mirrorUnsafeMethods) {

		public Route {
			if (!MigrationRouteSettings.readsOnly(method) && !mirrorUnsafeMethods) {
				throw new IllegalArgumentException("A route mirrors " + method
						+ " only with mirror-unsafe-methods: true (the candidate receives it as well)");
			}
		}

		JsonComparison comparison() {
			return new JsonComparison(Set.copyOf(this.ignore), Set.copyOf(this.unordered), this.relativeTolerance,
					this.absoluteTolerance);
		}

	}

}
