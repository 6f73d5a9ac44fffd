package banyan.gateway.migration;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import banyan.contracts.migration.ComparisonResult;
import banyan.gateway.identity.StaffTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Progressive cutover of back-office endpoints (ADR 14): a staff member's request on a
 * migrated route goes to the candidate when {@code hash(route, tenant) mod 100} is below
 * the route's {@code cutover-weight}, so a tenant always goes the same way at a given
 * weight. The tenant comes from the identity bridge, whose access token replaces the
 * member's credential towards the candidate. Without a Basic credential the bridge knows,
 * or when the bridge fails, the request stays with app-legacy. A cut-over request is not
 * mirrored; its outcome is reported as a sample ({@code served}, or
 * {@code candidate-failed} for a 5xx or no answer), so the gate judges the traffic the
 * candidate really serves. When the candidate cannot be reached at all (nothing of the
 * response written yet), the request falls back to app-legacy: the member gets legacy's
 * answer, not an error.
 */
public class Cutover implements GatewayFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(Cutover.class);

	/** The exchange attribute holding the candidate URL a request was cut over to. */
	static final String CUT_OVER = Cutover.class.getName() + ".url";

	private final MigrationSettings settings;

	private final LiveRoutes routes;

	private final StaffTokens staff;

	/**
	 * The exchange attribute of a request that fell back to app-legacy, which is not
	 * mirrored either.
	 */
	static final String FELL_BACK = Cutover.class.getName() + ".fellBack";

	private final MeterRegistry meters;

	private final MirrorResults results;

	public Cutover(MigrationSettings settings, LiveRoutes routes, StaffTokens staff, MeterRegistry meters,
			MirrorResults results) {
		this.settings = settings;
		this.routes = routes;
		this.staff = staff;
		this.meters = meters;
		this.results = results;
	}

	/** Before the mirror, which must know whether the request was cut over. */
	@Override
	public int getOrder() {
		return Mirroring.ORDER - 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Map.Entry<String, MigrationSettings.Route> route = this.routes.route(request);
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (route == null || route.getValue().cutoverWeight() <= 0 || authorization == null
				|| !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return chain.filter(exchange);
		}
		return this.staff.forCredential(authorization)
			.map((answer) -> (answer.active() && answer.token() != null && answer.tenant() != null
					&& MirrorSampling.bucket(route.getKey() + "\n" + answer.tenant(), 100) < route.getValue()
						.cutoverWeight()) ? answer.token() : "")
			.onErrorReturn("")
			.flatMap((token) -> {
				boolean candidate = !token.isEmpty();
				this.meters
					.counter("banyan.migration.cutover", "route", route.getKey(), "target",
							candidate ? "candidate" : "legacy")
					.increment();
				if (!candidate) {
					return chain.filter(exchange);
				}
				URI target = URI
					.create(this.settings.candidateUri().toString().replaceAll("/$", "") + Mirroring.target(request));
				exchange.getAttributes().put(CUT_OVER, target);
				long started = System.nanoTime();
				return chain.filter(exchange.mutate().request((mutated) -> mutated.headers((headers) -> {
					headers.setBearerAuth(token);
					headers.remove(HttpHeaders.COOKIE);
				})).build()).doOnSuccess((done) -> {
					HttpStatusCode status = exchange.getResponse().getStatusCode();
					int code = (status != null) ? status.value() : 200;
					report(route.getKey(), (code >= 500) ? "candidate-failed" : "served", code, started);
				}).onErrorResume((failure) -> !exchange.getResponse().isCommitted(), (failure) -> {
					// Not reached, or no answer before anything was written: app-legacy
					// answers, with the member's own credential, as if never cut over.
					report(route.getKey(), "candidate-failed", 0, started);
					this.meters.counter("banyan.migration.cutover.fallbacks", "route", route.getKey()).increment();
					log.warn("Migration {}: the candidate failed ({}); answered by app-legacy", route.getKey(),
							failure.toString());
					exchange.getAttributes().remove(CUT_OVER);
					exchange.getAttributes().put(FELL_BACK, Boolean.TRUE);
					ServerWebExchangeUtils.reset(exchange);
					return chain.filter(exchange);
				});
			});
	}

	private void report(String route, String outcome, int status, long started) {
		this.results.add(new ComparisonResult(route, Instant.now(), outcome, 0, status, -1,
				Duration.ofNanos(System.nanoTime() - started).toMillis(), List.of(), false, -1, -2, ""));
	}

	/**
	 * Points a cut-over request at the candidate, after the route has set app-legacy's
	 * URL.
	 */
	public static class Target implements GatewayFilter, Ordered {

		@Override
		public int getOrder() {
			return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			URI target = exchange.getAttribute(CUT_OVER);
			if (target != null) {
				exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
			}
			return chain.filter(exchange);
		}

	}

}
