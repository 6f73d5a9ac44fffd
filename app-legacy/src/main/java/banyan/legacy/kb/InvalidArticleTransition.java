package banyan.legacy.kb;

import banyan.contracts.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The article's status does not allow the requested change.
 */
public class InvalidArticleTransition extends ErrorResponseException {

	InvalidArticleTransition(Article article, String change, String reason) {
		super(HttpStatus.CONFLICT, problem(article, change, reason), null);
	}

	private static ProblemDetail problem(Article article, String change, String reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Article " + article.id() + " is "
				+ article.status().name().toLowerCase() + " and cannot be " + change + ": " + reason + ".");
		problem.setType(ProblemTypes.INVALID_TRANSITION);
		problem.setTitle("Invalid transition");
		return problem;
	}

}
