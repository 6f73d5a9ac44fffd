package banyan.legacy.kb;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No article of the caller's tenant has the requested id (whether another tenant's does
 * is not said).
 */
public class ArticleNotFound extends ErrorResponseException {

	public ArticleNotFound(long id) {
		super(HttpStatus.NOT_FOUND, Problems.detail(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Article not found",
				"No article has the id " + id + "."), null);
	}

}
