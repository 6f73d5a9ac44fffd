package banyan.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate-limit settings ({@code banyan.gateway.rate-limits.*}).
 *
 * @param enabled whether LLM requests are limited at all
 * @param redisUrl where the counters are shared ({@code BANYAN_REDIS_URL}, for example
 * {@code redis://localhost:6379}); without it they live in this process
 * @param onStoreFailure what happens to a request while Redis cannot be reached
 * @param storeTimeout how long a Redis call may take before Redis counts as unreachable
 * @param streamLease how long a concurrent-stream lease lasts at most, should a gateway
 * die without releasing it; longer than any request may run
 * @param defaultTier the tier whose limits apply to a key whose tier is not configured
 * @param tiers the limits of each rate tier
 */
@ConfigurationProperties("banyan.gateway.rate-limits")
public record RateLimitSettings(@DefaultValue("true") boolean enabled, @Nullable String redisUrl,
		@DefaultValue("allow") StoreFailure onStoreFailure, @DefaultValue("250ms") Duration storeTimeout,
		@DefaultValue("15m") Duration streamLease, @DefaultValue("standard") String defaultTier,
		@DefaultValue Map<String, Tier> tiers) {

	/** The tier to apply to a key of the given tier. */
	Tier tier(@Nullable String name) {
		Tier tier = (name != null) ? this.tiers.get(name) : null;
		if (tier == null) {
			tier = this.tiers.get(this.defaultTier);
		}
		return (tier != null) ? tier : Tier.UNLIMITED;
	}

	String tierName(@Nullable String name) {
		return (name != null && this.tiers.containsKey(name)) ? name : this.defaultTier;
	}

	/**
	 * The limits of one rate tier; an absent limit does not apply.
	 *
	 * @param requestsPerMinute requests per minute per tenant
	 * @param tokensPerMinute input plus output tokens per minute per tenant
	 * @param concurrentStreams LLM requests in flight at once per tenant
	 */
	public record Tier(@Nullable Long requestsPerMinute, @Nullable Long tokensPerMinute,
			@Nullable Integer concurrentStreams) {

		/**
		 * The highest rate a bucket refills at: one a nanosecond (Bucket4j's limit);
		 * leave a limit out for no limit.
		 */
		static final long MAX_PER_MINUTE = 60_000_000_000L;

		static final Tier UNLIMITED = new Tier(null, null, null);

		public Tier {
			check("requests-per-minute", requestsPerMinute);
			check("tokens-per-minute", tokensPerMinute);
			if (concurrentStreams != null && concurrentStreams < 1) {
				throw new IllegalArgumentException("concurrent-streams must be at least 1; leave it out for no limit");
			}
		}

		private static void check(String name, @Nullable Long perMinute) {
			if (perMinute != null && (perMinute < 1 || perMinute > MAX_PER_MINUTE)) {
				throw new IllegalArgumentException(name + " must be from 1 to " + MAX_PER_MINUTE + " (was " + perMinute
						+ "); leave it out for no limit");
			}
		}

	}

	/** What a request meets while the counters cannot be reached. */
	public enum StoreFailure {

		/** Let it through unlimited (budgets in app-llm still hold). */
		ALLOW,

		/** Answer 503. */
		REFUSE

	}

}
