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

	private final boolean retryable;

	public ProviderUnavailable(String provider, String message, @Nullable Throwable cause) {
		this(provider, message, cause, null);
	}

	public ProviderUnavailable(String provider, String message, @Nullable Throwable cause,
			@Nullable Duration retryAfter) {
		this(provider, message, cause, retryAfter, true);
	}

	private ProviderUnavailable(String provider, String message, @Nullable Throwable cause,
			@Nullable Duration retryAfter, boolean retryable) {
		super(provider, message, cause);
		this.retryAfter = retryAfter;
		this.retryable = retryable;
	}

	/**
	 * The provider was not even called (its circuit breaker is open, or it is at its
	 * limit of concurrent calls): trying it again at once is pointless, another provider
	 * might answer.
	 */
	public static ProviderUnavailable skipped(String provider, String message, Throwable cause) {
		return new ProviderUnavailable(provider, message, cause, null, false);
	}

	/** Whether calling the same provider again soon might succeed. */
	public boolean retryable() {
		return this.retryable;
	}

	/**
	 * How long the provider asked callers to wait (its {@code Retry-After}), or
	 * {@code null}.
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
