package banyan.legacy.user;

/**
 * The first start created the demo tenant and the admin user. Published inside that
 * transaction.
 *
 * @param tenantId the demo tenant's id
 * @param embeddedDatabase whether the application runs on its embedded database, where
 * sample data belongs
 */
public record FirstStartCompleted(String tenantId, boolean embeddedDatabase) {
}
