package banyan.legacy.kb;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The article's status does not allow the requested change.
 */
public class InvalidArticleTransition extends ErrorResponseException {

	InvalidArticleTransition(Article article, String change, String reason) {
		super(HttpStatus.CONFLICT,
				Problems.detail(HttpStatus.CONFLICT, ProblemTypes.INVALID_TRANSITION, "Invalid transition",
						"Article " + article.id() + " is " + article.status().name().toLowerCase() + " and cannot be "
								+ change + ": " + reason + "."),
				null);
	}

}
