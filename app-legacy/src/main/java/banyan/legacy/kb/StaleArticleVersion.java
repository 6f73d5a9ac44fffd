package banyan.legacy.kb;

import banyan.contracts.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A write named an older version of the article than the current one.
 */
public class StaleArticleVersion extends ErrorResponseException {

	StaleArticleVersion(Article article, long expected) {
		super(HttpStatus.PRECONDITION_FAILED, problem(article, expected), null);
	}

	private static ProblemDetail problem(Article article, long expected) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
				"Article " + article.id() + " is at version " + article.version() + "; the write was based on version "
						+ expected + ". Fetch it again and reapply the change.");
		problem.setType(ProblemTypes.STALE_VERSION);
		problem.setTitle("Stale version");
		return problem;
	}

}
