package banyan.legacy.problem;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import banyan.contracts.problem.ProblemTypes;
import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions of the REST API become problem bodies (pages get the
 * error page). Spring MVC's own exceptions keep their status and get a Banyan type URI;
 * validation errors list the offending fields; anything unexpected is logged and answered
 * with a 500 that carries no internals.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	private static final Map<Integer, URI> TYPES_BY_STATUS = Map.of(400, ProblemTypes.INVALID_REQUEST, 404,
			ProblemTypes.NOT_FOUND, 412, ProblemTypes.STALE_VERSION, 413, ProblemTypes.PAYLOAD_TOO_LARGE, 500,
			ProblemTypes.INTERNAL);

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		problem.setType(ProblemTypes.INVALID_REQUEST);
		problem.setDetail("The request has " + ex.getErrorCount() + " invalid field(s).");
		List<Map<String, String>> errors = ex.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", message(error)))
			.toList();
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * A controller whose parameters carry constraints is validated as a method: the
	 * body's fields and the parameters that fail are listed like a body's.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors fields) {
				fields.getFieldErrors()
					.forEach((error) -> errors.add(Map.of("field", error.getField(), "message", message(error))));
			}
			else {
				String name = Objects.requireNonNullElse(result.getMethodParameter().getParameterName(), "parameter");
				result.getResolvableErrors()
					.forEach((error) -> errors.add(Map.of("field", name, "message",
							Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid"))));
			}
		}
		ProblemDetail problem = ex.getBody();
		problem.setType(ProblemTypes.INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setDetail("The request has " + errors.size() + " invalid field(s).");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"The request body is missing, is not well-formed JSON, or does not match the expected shape.");
		problem.setType(ProblemTypes.MALFORMED_REQUEST);
		problem.setTitle("Malformed request");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> onInvalidParameter(ConstraintViolationException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has " + ex.getConstraintViolations().size() + " invalid parameter(s).");
		problem.setType(ProblemTypes.INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setProperty("errors",
				ex.getConstraintViolations()
					.stream()
					.map((violation) -> Map.of("field", violation.getPropertyPath().toString(), "message",
							violation.getMessage()))
					.toList());
		return createResponseEntity(problem, HttpHeaders.EMPTY, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> onKnownFailure(KnownFailure failure, WebRequest request) {
		ProblemDetail problem = Problems.detail(failure);
		return createResponseEntity(problem, HttpHeaders.EMPTY, HttpStatusCode.valueOf(problem.getStatus()), request);
	}

	@ExceptionHandler
	ResponseEntity<Object> onLostRace(OptimisticLockingFailureException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
				"Someone else changed this resource at the same time. Fetch it again and reapply the change.");
		problem.setType(ProblemTypes.STALE_VERSION);
		problem.setTitle("Stale version");
		return createResponseEntity(problem, HttpHeaders.EMPTY, HttpStatus.PRECONDITION_FAILED, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> onUnexpected(Exception ex, WebRequest request) {
		log.error("Unexpected failure on {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side. It has been logged; please try again.");
		problem.setType(ProblemTypes.INTERNAL);
		problem.setTitle("Internal error");
		return createResponseEntity(problem, HttpHeaders.EMPTY, HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && isBlank(problem.getType())) {
			URI type = TYPES_BY_STATUS.get(statusCode.value());
			if (type != null) {
				problem.setType(type);
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static boolean isBlank(@Nullable URI type) {
		return type == null || "about:blank".equals(type.toString());
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

}
