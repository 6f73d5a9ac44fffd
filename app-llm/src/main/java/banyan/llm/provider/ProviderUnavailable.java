package banyan.llm.provider;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not answer: it was unreachable, overloaded, failed on its side, too
 * slow, or sent something that is not a valid answer. Another attempt, or another
 * provider, might answer the same request.
 */
public final class ProviderUnavailable extends ProviderException {

	private final @Nullable Duration retryAfter;

	public ProviderUnavailable(String provider, String message, @Nullable Throwable cause) {
		this(provider, message, cause, null);
	}

	public ProviderUnavailable(String provider, String message, @Nullable Throwable cause,
			@Nullable Duration retryAfter) {
		super(provider, message, cause);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long the provider asked callers to wait (its {@code Retry-After}), or
	 * {@code null}.
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
