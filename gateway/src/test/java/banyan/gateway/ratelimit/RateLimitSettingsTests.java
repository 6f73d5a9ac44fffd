package banyan.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A tier's limits are checked when the settings are read: a limit no bucket can hold
 * stops the start with its name, rather than failing every request later.
 */
class RateLimitSettingsTests {

	@Test
	void refusesLimitsNoBucketCanRefillAt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings.Tier(null, 100_000_000_000L, null))
			.withMessageContaining("tokens-per-minute must be from 1 to 60000000000");
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings.Tier(0L, null, null))
			.withMessageContaining("requests-per-minute");
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings.Tier(null, null, 0))
			.withMessageContaining("concurrent-streams");
	}

	@Test
	void takesLimitsUpToOneANanosecondAndNoLimitAtAll() {
		assertThat(new RateLimitSettings.Tier(RateLimitSettings.Tier.MAX_PER_MINUTE, 1L, 1).requestsPerMinute())
			.isEqualTo(60_000_000_000L);
		assertThat(RateLimitSettings.Tier.UNLIMITED.tokensPerMinute()).isNull();
	}

}
