package banyan.llm.problem;

import java.net.URI;

import banyan.contracts.problem.OpenAiError;
import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import banyan.llm.catalog.UnknownModel;
import banyan.llm.guardrail.GuardrailRefusal;
import banyan.llm.identity.ModelNotAllowed;
import banyan.llm.provider.ProviderRejectedRequest;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.tool.CostCeilingReached;
import banyan.llm.tool.UnknownTool;
import banyan.llm.usage.BudgetExhausted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.codec.DecodingException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Decides what a client is told about a failure, whether it arrives as an HTTP error or
 * as the {@code error} event of a stream. Never exposes internals: unexpected failures
 * are logged here and described generically.
 */
@Component
public class Problems {

	private static final Logger log = LoggerFactory.getLogger(Problems.class);

	/** The problem a client sees for the failure. */
	public Problem of(Throwable failure) {
		return switch (failure) {
			case GuardrailRefusal refused -> Problem.of(refused.type(), refused.title(), 400, refused.getMessage());
			case BudgetExhausted exhausted ->
				Problem.of(ProblemTypes.BUDGET_EXHAUSTED, "Budget exhausted", 429, exhausted.getMessage());
			case CostCeilingReached ceiling ->
				Problem.of(ProblemTypes.COST_CEILING_REACHED, "Cost ceiling reached", 402, ceiling.getMessage());
			case ModelNotAllowed forbidden ->
				Problem.of(ProblemTypes.MODEL_NOT_ALLOWED, "Model not allowed", 403, forbidden.getMessage());
			case UnknownModel unknown ->
				Problem.of(ProblemTypes.UNKNOWN_MODEL, "Unknown model", 404, unknown.getMessage());
			case ProviderRejectedRequest rejected ->
				Problem.of(ProblemTypes.PROVIDER_REJECTED, "Provider rejected the request", 400,
						"The provider '" + rejected.provider() + "' " + rejected.getMessage());
			case ProviderUnavailable unavailable -> {
				log.warn("Provider '{}' failed: {}", unavailable.provider(), unavailable.getMessage(),
						unavailable.getCause());
				yield Problem.of(ProblemTypes.PROVIDER_UNAVAILABLE, "Provider unavailable", 503,
						"The provider '" + unavailable.provider() + "' " + unavailable.getMessage());
			}
			case KnownFailure known -> of(known);
			case UnknownTool unknown ->
				Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, unknown.getMessage());
			case WebExchangeBindException invalid -> Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid request", 400,
					invalid.getFieldErrors()
						.stream()
						.map((error) -> error.getField() + " " + error.getDefaultMessage())
						.sorted()
						.reduce((a, b) -> a + "; " + b)
						.orElse("The request is invalid."));
			case ServerWebInputException input when input.getCause() instanceof DecodingException ->
				Problem.of(ProblemTypes.MALFORMED_REQUEST, "Malformed request", 400,
						"The request body is not well-formed JSON or does not match the expected shape.");
			case ErrorResponse response -> fromErrorResponse(response);
			default -> {
				log.error("Unexpected failure", failure);
				yield Problem.of(ProblemTypes.INTERNAL, "Internal error", 500,
						"Something went wrong on our side. It has been logged; please try again.");
			}
		};
	}

	/**
	 * The failure as OpenAI would describe it, for {@code /v1} clients.
	 * @param problem what {@link #of(Throwable)} made of the failure
	 * @param failure the failure
	 */
	public OpenAiError openAiError(Problem problem, Throwable failure) {
		if (failure instanceof UnknownModel) {
			return OpenAiError.of(problem.detail(), "invalid_request_error", "model", "model_not_found");
		}
		if (failure instanceof BudgetExhausted) {
			// What OpenAI sends for a spent quota; SDKs know it and do not retry it.
			return OpenAiError.of(problem.detail(), "insufficient_quota", null, "insufficient_quota");
		}
		String type = (problem.status() >= 500) ? "api_error" : "invalid_request_error";
		String path = problem.type().getPath();
		String code = problem.type().equals(ProblemTypes.INTERNAL) || path == null ? null
				: path.substring(path.lastIndexOf('/') + 1).replace('-', '_');
		return OpenAiError.of(problem.detail(), type, null, code);
	}

	/** A known failure's kind on the wire: its status, type and title. */
	private static Problem of(KnownFailure failure) {
		String detail = failure.getMessage();
		return switch (failure.kind()) {
			case INVALID_REQUEST -> Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, detail);
			case FORBIDDEN -> Problem.of(ProblemTypes.FORBIDDEN, "Forbidden", 403, detail);
			case TOO_LARGE -> Problem.of(ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", 413, detail);
			case UNSUPPORTED_CONTENT ->
				Problem.of(ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", 415, detail);
			case UPSTREAM_UNAVAILABLE ->
				Problem.of(ProblemTypes.UPSTREAM_UNAVAILABLE, "Upstream unavailable", 502, detail);
			case UPSTREAM_TIMEOUT -> Problem.of(ProblemTypes.UPSTREAM_TIMEOUT, "Upstream timeout", 504, detail);
		};
	}

	private static Problem fromErrorResponse(ErrorResponse response) {
		int status = response.getStatusCode().value();
		var body = response.getBody();
		URI type = switch (status) {
			case 400 -> ProblemTypes.INVALID_REQUEST;
			case 403 -> ProblemTypes.FORBIDDEN;
			case 404 -> ProblemTypes.NOT_FOUND;
			case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
			case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
			case 504 -> ProblemTypes.UPSTREAM_TIMEOUT;
			default -> (body.getType() != null) ? body.getType() : URI.create("about:blank");
		};
		String title = (body.getTitle() != null) ? body.getTitle() : "Error";
		String detail = (body.getDetail() != null) ? body.getDetail() : title;
		return Problem.of(type, title, status, detail);
	}

}
