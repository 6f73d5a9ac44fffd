package banyan.gateway.problem;

import java.net.ConnectException;
import java.net.URI;

import banyan.contracts.problem.ProblemTypes;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers the gateway's own failures (an application that is down, or too slow to send
 * its response headers) as every refusal of the gateway is answered
 * ({@link EdgeRefusal}): an OpenAI error body on {@code /v1}, an RFC 9457 problem body
 * elsewhere, never Boot's default error JSON. Once a response has started there is
 * nothing left to answer, and the connection is closed.
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
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		return refusal(failure, exchange.getRequest().getPath().value()).writeTo(exchange, this.json);
	}

	private static EdgeRefusal refusal(Throwable failure, String path) {
		if (isConnectFailure(failure)) {
			return unavailable(path);
		}
		if (failure instanceof ResponseStatusException status) {
			return switch (status.getStatusCode().value()) {
				case 503 -> unavailable(path);
				case 504 -> new EdgeRefusal(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.UPSTREAM_TIMEOUT,
						"Gateway timeout", "The service behind " + path + " did not start answering in time.",
						"api_error", "upstream_timeout");
				case 404 -> new EdgeRefusal(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
						"Nothing is served at " + path + ".", "invalid_request_error", "not_found");
				default -> {
					HttpStatus resolved = HttpStatus.resolve(status.getStatusCode().value());
					HttpStatus known = (resolved != null) ? resolved : HttpStatus.INTERNAL_SERVER_ERROR;
					yield new EdgeRefusal(known, URI.create("about:blank"), known.getReasonPhrase(),
							(status.getReason() != null) ? status.getReason() : known.getReasonPhrase(),
							known.is5xxServerError() ? "api_error" : "invalid_request_error", null);
				}
			};
		}
		log.error("Unexpected gateway failure on {}", path, failure);
		return new EdgeRefusal(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
				"Something went wrong in the gateway. It has been logged; please try again.", "api_error", null);
	}

	private static boolean isConnectFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static EdgeRefusal unavailable(String path) {
		return new EdgeRefusal(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UPSTREAM_UNAVAILABLE, "Service unavailable",
				"The service behind " + path + " cannot be reached right now. Please try again shortly.", "api_error",
				"upstream_unavailable");
	}

}
