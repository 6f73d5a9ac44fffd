package banyan.llm.provider;

/**
 * The provider refused the request itself (HTTP 400, 404, 413 or 422): sending it
 * elsewhere would not help.
 */
public final class ProviderRejectedRequest extends ProviderException {

	private final int status;

	public ProviderRejectedRequest(String provider, int status, String message) {
		super(provider, message, null);
		this.status = status;
	}

	/** The HTTP status the provider answered with. */
	public int status() {
		return this.status;
	}

}
