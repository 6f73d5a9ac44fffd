package banyan.legacy.user;

/**
 * What a back-office user may do.
 */
public enum Role {

	/** Manages tenants, API keys and users, and works in its own tenant. */
	ADMIN,

	/** Works with the articles and tickets of its own tenant. */
	AGENT

}
