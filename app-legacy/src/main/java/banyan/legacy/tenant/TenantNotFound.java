package banyan.legacy.tenant;

import banyan.contracts.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No tenant has the requested id.
 */
public class TenantNotFound extends ErrorResponseException {

	public TenantNotFound(String id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(String id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No tenant has the id '" + id + "'.");
		problem.setType(ProblemTypes.NOT_FOUND);
		problem.setTitle("Tenant not found");
		return problem;
	}

}
