package banyan.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not answer: it was unreachable, overloaded, failed on its side, or
 * sent something that is not a valid answer. Another provider might answer the same
 * request.
 */
public final class ProviderUnavailable extends ProviderException {

	public ProviderUnavailable(String provider, String message, @Nullable Throwable cause) {
		super(provider, message, cause);
	}

}
