package banyan.legacy.kb;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A write named an older version of the article than the current one.
 */
public class StaleArticleVersion extends ErrorResponseException {

	StaleArticleVersion(Article article, long expected) {
		super(HttpStatus.PRECONDITION_FAILED,
				Problems.detail(HttpStatus.PRECONDITION_FAILED, ProblemTypes.STALE_VERSION, "Stale version",
						"Article " + article.id() + " is at version " + article.version()
								+ "; the write was based on version " + expected
								+ ". Fetch it again and reapply the change."),
				null);
	}

}
