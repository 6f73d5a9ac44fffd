package banyan.gateway.problem;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers the gateway's own failures (an application that is down or too slow to send its
 * response headers) with an RFC 9457 problem body instead of Boot's default error JSON.
 * Once a response has started, there is nothing left to answer: the connection is closed.
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
		HttpStatusCode status;
		URI type;
		String title;
		String detail;
		if (failure instanceof ConnectException || failure instanceof ConnectTimeoutException
				|| failure.getCause() instanceof ConnectException) {
			status = HttpStatus.SERVICE_UNAVAILABLE;
			type = ProblemTypes.UPSTREAM_UNAVAILABLE;
			title = "Service unavailable";
			detail = "The service behind " + path + " cannot be reached right now. Please try again shortly.";
		}
		else if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
			status = HttpStatus.GATEWAY_TIMEOUT;
			type = ProblemTypes.UPSTREAM_TIMEOUT;
			title = "Gateway timeout";
			detail = "The service behind " + path + " did not start answering in time.";
		}
		else if (failure instanceof ResponseStatusException statusFailure) {
			status = statusFailure.getStatusCode();
			type = (status.value() == 404) ? ProblemTypes.NOT_FOUND : ProblemTypes.INTERNAL;
			title = (statusFailure.getReason() != null) ? statusFailure.getReason() : "Error";
			detail = title;
		}
		else {
			log.error("Unexpected gateway failure on {}", path, failure);
			status = HttpStatus.INTERNAL_SERVER_ERROR;
			type = ProblemTypes.INTERNAL;
			title = "Internal error";
			detail = "Something went wrong in the gateway. It has been logged; please try again.";
		}
		byte[] body = this.json.writeValueAsBytes(new Problem(type, title, status.value(), detail, URI.create(path)));
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

}
