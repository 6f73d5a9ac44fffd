package banyan.legacy.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Builds the problem bodies that modules throw; {@link ProblemAdvice} renders them.
 */
public final class Problems {

	private Problems() {
	}

	/** A problem body with a Banyan type URI. */
	public static ProblemDetail detail(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	/** An exception that answers the request with that problem body. */
	public static ErrorResponseException refusal(HttpStatus status, URI type, String title, String detail) {
		return new ErrorResponseException(status, detail(status, type, title, detail), null);
	}

}
