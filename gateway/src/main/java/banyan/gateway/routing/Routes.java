package banyan.gateway.routing;

import banyan.gateway.identity.AuthSettings;
import banyan.gateway.identity.EdgeAuthentication;
import banyan.gateway.migration.Cutover;
import banyan.gateway.migration.Mirroring;
import banyan.gateway.ratelimit.RateLimiting;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The routes: LLM traffic to app-llm once authenticated and rate-limited at the edge,
 * everything else but the internal endpoints to app-legacy, unchanged. Streams pass
 * through as they come: the gateway flushes every chunk of {@code text/event-stream},
 * compresses nothing, and bounds only the time until response headers arrive, never a
 * flowing stream.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

	/**
	 * Paths only the applications call on each other; no route leads there from outside.
	 */
	static final String[] INTERNAL_PATHS = { "/internal/**" };

	/** Paths app-llm serves. */
	static final String[] LLM_PATHS = { "/v1/**", "/chat/**", "/rag/**" };

	@Bean
	EdgeAuthentication edgeAuthentication(WebClient.Builder builder, RoutingSettings routing, AuthSettings settings,
			JsonMapper json) {
		return new EdgeAuthentication(builder, routing.legacyUri(), settings, json);
	}

	@Bean
	RouteLocator banyanRoutes(RouteLocatorBuilder routes, RoutingSettings settings, EdgeAuthentication authentication,
			RateLimiting rateLimiting, Cutover cutover, Mirroring mirroring) {
		return routes.routes()
			.route("llm",
					(route) -> route.order(0)
						.path(LLM_PATHS)
						.filters((filters) -> filters.filter(authentication).filter(rateLimiting))
						.uri(settings.llmUri()))
			.route("legacy",
					(route) -> route.order(1)
						.path("/**")
						.and()
						.not((internal) -> internal.path(INTERNAL_PATHS))
						// Shadow traffic of endpoints under migration (ADR 14).
						.filters((filters) -> filters.filter(cutover).filter(new Cutover.Target()).filter(mirroring))
						.uri(settings.legacyUri()))
			.build();
	}

}
