package banyan.gateway.migration;

import java.net.URI;
import java.util.Map;

import banyan.gateway.identity.StaffTokens;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Progressive cutover of back-office endpoints (ADR 14): a staff member's request on a
 * migrated route goes to the candidate when {@code hash(route, tenant) mod 100} is below
 * the route's {@code cutover-weight}, so a tenant always goes the same way at a given
 * weight. The tenant comes from the identity bridge, whose access token replaces the
 * member's credential towards the candidate. Without a Basic credential the bridge knows,
 * or when the bridge fails, the request stays with app-legacy. A cut-over request is not
 * mirrored.
 */
public class Cutover implements GatewayFilter, Ordered {

	/** The exchange attribute holding the candidate URL a request was cut over to. */
	static final String CUT_OVER = Cutover.class.getName() + ".url";

	private final MigrationSettings settings;

	private final LiveRoutes routes;

	private final StaffTokens staff;

	private final MeterRegistry meters;

	public Cutover(MigrationSettings settings, LiveRoutes routes, StaffTokens staff, MeterRegistry meters) {
		this.settings = settings;
		this.routes = routes;
		this.staff = staff;
		this.meters = meters;
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
					&& Mirroring.bucket(route.getKey() + "\n" + answer.tenant(), 100) < route.getValue()
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
					.create(this.settings.candidateUri().toString().replaceAll("/$", "") + request.getURI().getRawPath()
							+ ((request.getURI().getRawQuery() != null) ? "?" + request.getURI().getRawQuery() : ""));
				exchange.getAttributes().put(CUT_OVER, target);
				return chain.filter(exchange.mutate().request((mutated) -> mutated.headers((headers) -> {
					headers.setBearerAuth(token);
					headers.remove(HttpHeaders.COOKIE);
				})).build());
			});
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
