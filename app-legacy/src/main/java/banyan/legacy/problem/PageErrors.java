package banyan.legacy.problem;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of {@link BackOfficePages} as the error page, with the right status and no
 * internals.
 */
@ControllerAdvice(annotations = BackOfficePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

	private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

	@ExceptionHandler
	ModelAndView on(Exception failure, HttpServletResponse response) {
		HttpStatusCode status = switch (failure) {
			case KnownFailure known -> Problems.status(known.kind());
			case ErrorResponse error -> error.getStatusCode();
			default -> HttpStatus.INTERNAL_SERVER_ERROR;
		};
		if (status.is5xxServerError()) {
			log.error("Unexpected failure on a back-office page", failure);
		}
		HttpStatus resolved = HttpStatus.resolve(status.value());
		response.setStatus(status.value());
		return new ModelAndView("error",
				Map.of("status", status.value(), "error", (resolved != null) ? resolved.getReasonPhrase() : ""),
				status);
	}

}
