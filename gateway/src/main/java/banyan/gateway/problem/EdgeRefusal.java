package banyan.gateway.problem;

import java.net.URI;

import banyan.contracts.problem.OpenAiError;
import banyan.contracts.problem.Problem;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request the gateway answers itself: on {@code /v1} with an OpenAI error body (what
 * OpenAI SDKs parse), elsewhere with a problem body.
 *
 * @param status the status
 * @param type the problem type
 * @param title the problem title
 * @param detail what the client is told
 * @param openAiType the OpenAI error's {@code type}
 * @param openAiCode the OpenAI error's {@code code}, or {@code null} for none
 */
public record EdgeRefusal(HttpStatus status, URI type, String title, String detail, String openAiType,
		@Nullable String openAiCode) {

	/** Writes this refusal as the exchange's response; headers set before are kept. */
	public Mono<Void> writeTo(ServerWebExchange exchange, JsonMapper json) {
		ServerHttpResponse response = exchange.getResponse();
		String path = exchange.getRequest().getPath().value();
		response.setStatusCode(this.status);
		Object body;
		if (path.startsWith("/v1/")) {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			body = OpenAiError.of(this.detail, this.openAiType, null, this.openAiCode);
		}
		else {
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = new Problem(this.type, this.title, this.status.value(), this.detail, URI.create(path));
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json.writeValueAsBytes(body))));
	}

}
