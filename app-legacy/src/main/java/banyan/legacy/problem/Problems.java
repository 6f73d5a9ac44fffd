package banyan.legacy.problem;

import java.net.URI;

import banyan.contracts.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problem bodies of the web layer: those its controllers refuse requests with, and
 * what a {@link KnownFailure} of the modules is on the wire.
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

	/** A known failure's problem body on the REST API. */
	static ProblemDetail detail(KnownFailure failure) {
		return detail(status(failure.kind()), type(failure.kind()), failure.title(), failure.getMessage());
	}

	/** The status a kind of known failure answers with. */
	static HttpStatus status(KnownFailure.Kind kind) {
		return switch (kind) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case INVALID_TRANSITION -> HttpStatus.CONFLICT;
			case STALE_VERSION -> HttpStatus.PRECONDITION_FAILED;
		};
	}

	private static URI type(KnownFailure.Kind kind) {
		return switch (kind) {
			case NOT_FOUND -> ProblemTypes.NOT_FOUND;
			case INVALID_TRANSITION -> ProblemTypes.INVALID_TRANSITION;
			case STALE_VERSION -> ProblemTypes.STALE_VERSION;
		};
	}

	/** An exception that answers the request with that problem body. */
	public static ErrorResponseException refusal(HttpStatus status, URI type, String title, String detail) {
		return new ErrorResponseException(status, detail(status, type, title, detail), null);
	}

}
