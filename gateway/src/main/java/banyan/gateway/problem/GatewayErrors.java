package banyan.gateway.problem;

import java.net.ConnectException;
import java.net.URI;

import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers the gateway's own failures (an application that is down, or too slow to send
 * its response headers) with an RFC 9457 problem body instead of Boot's default error
 * JSON. Once a response has started there is nothing left to answer, and the connection
 * is closed.
 */
@Component
@Order(-2)
class GatewayErrors implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

	private final JsonMapper json;

	GatewayErrors(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(failure);
		}
		String path = exchange.getRequest().getPath().value();
		Problem problem = problem(failure, path);
		response.setRawStatusCode(problem.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(this.json.writeValueAsBytes(problem))));
	}

	private static Problem problem(Throwable failure, String path) {
		URI instance = URI.create(path);
		if (isConnectFailure(failure)) {
			return unavailable(path, instance);
		}
		if (failure instanceof ResponseStatusException status) {
			return switch (status.getStatusCode().value()) {
				case 503 -> unavailable(path, instance);
				case 504 -> new Problem(ProblemTypes.UPSTREAM_TIMEOUT, "Gateway timeout", 504,
						"The service behind " + path + " did not start answering in time.", instance);
				case 404 -> new Problem(ProblemTypes.NOT_FOUND, "Not found", 404, "Nothing is served at " + path + ".",
						instance);
				default -> new Problem(URI.create("about:blank"), status.getStatusCode().toString(),
						status.getStatusCode().value(),
						(status.getReason() != null) ? status.getReason() : status.getStatusCode().toString(),
						instance);
			};
		}
		log.error("Unexpected gateway failure on {}", path, failure);
		return new Problem(ProblemTypes.INTERNAL, "Internal error", 500,
				"Something went wrong in the gateway. It has been logged; please try again.", instance);
	}

	private static boolean isConnectFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static Problem unavailable(String path, URI instance) {
		return new Problem(ProblemTypes.UPSTREAM_UNAVAILABLE, "Service unavailable", 503,
				"The service behind " + path + " cannot be reached right now. Please try again shortly.", instance);
	}

}
