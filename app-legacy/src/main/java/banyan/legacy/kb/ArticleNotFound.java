package banyan.legacy.kb;

import banyan.contracts.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No article of the caller's tenant has the requested id (whether another tenant's does
 * is not said).
 */
public class ArticleNotFound extends ErrorResponseException {

	public ArticleNotFound(long id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(long id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No article has the id " + id + ".");
		problem.setType(ProblemTypes.NOT_FOUND);
		problem.setTitle("Article not found");
		return problem;
	}

}
