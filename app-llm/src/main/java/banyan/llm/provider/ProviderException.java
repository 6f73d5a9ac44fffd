package banyan.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * A provider call failed. Subclasses say whether the caller's request was at fault.
 */
public abstract sealed class ProviderException extends RuntimeException
		permits ProviderUnavailable, ProviderRejectedRequest {

	private final String provider;

	ProviderException(String provider, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.provider = provider;
	}

	/** The name of the provider that failed. */
	public String provider() {
		return this.provider;
	}

}
