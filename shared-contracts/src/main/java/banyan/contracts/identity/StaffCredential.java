package banyan.contracts.identity;

/**
 * The body of app-legacy's {@code POST /internal/staff/access-token} (ADR 14): a staff
 * member's credential as the gateway received it on a migrated back-office route.
 *
 * @param authorization the request's {@code Authorization} header ({@code Basic ...})
 */
public record StaffCredential(String authorization) {

	@Override
	public String toString() {
		return "StaffCredential[authorization=(hidden)]";
	}

}
