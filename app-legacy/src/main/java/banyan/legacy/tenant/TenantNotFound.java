package banyan.legacy.tenant;

import banyan.legacy.problem.KnownFailure;

/**
 * No tenant has the requested id.
 */
public class TenantNotFound extends KnownFailure {

	public TenantNotFound(String id) {
		super(Kind.NOT_FOUND, "Tenant not found", "No tenant has the id '" + id + "'.");
	}

}
