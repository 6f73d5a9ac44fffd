package banyan.legacy.tenant;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No tenant has the requested id.
 */
public class TenantNotFound extends ErrorResponseException {

	public TenantNotFound(String id) {
		super(HttpStatus.NOT_FOUND, Problems.detail(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Tenant not found",
				"No tenant has the id '" + id + "'."), null);
	}

}
