package banyan.legacy.tenant;

/**
 * Whoever is calling on behalf of a tenant: a back-office user or an API client. Sees
 * that tenant's records only.
 */
public interface TenantMember {

	/** The tenant whose records the caller works with. */
	String tenantId();

}
