package banyan.llm.problem;

import java.net.URI;

import banyan.contracts.problem.Problem;
import banyan.llm.usage.BudgetExhausted;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one place where exceptions become HTTP error responses: an OpenAI error body on
 * {@code /v1} (so OpenAI SDKs show the message), an RFC 9457 problem body everywhere
 * else.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorResponses {

	private final Problems problems;

	ErrorResponses(Problems problems) {
		this.problems = problems;
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> on(Throwable failure, ServerWebExchange exchange) {
		Problem problem = this.problems.of(failure);
		HttpHeaders headers = new HttpHeaders();
		if (failure instanceof BudgetExhausted exhausted) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(exhausted.retryAfter().toSeconds()));
		}
		if (exchange.getRequest().getPath().value().startsWith("/v1/")) {
			return Mono.just(ResponseEntity.status(problem.status())
				.headers(headers)
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.problems.openAiError(problem, failure)));
		}
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(problem.status()), problem.detail());
		detail.setType(problem.type());
		detail.setTitle(problem.title());
		detail.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return Mono.just(ResponseEntity.status(problem.status())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(detail));
	}

}
