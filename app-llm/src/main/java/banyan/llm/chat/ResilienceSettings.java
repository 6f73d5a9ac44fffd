package banyan.llm.chat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard Banyan tries before giving up on a provider ({@code banyan.llm.resilience.*}).
 * Retries and fallbacks happen only before the first token has reached the client.
 *
 * @param maxRetries further attempts on the same target after a retryable failure
 * (connect error, 5xx, 429, timeout, broken stream); then the next target in the model's
 * chain
 * @param initialBackoff the wait before the first retry; doubled for each further one,
 * with up to 50% random jitter
 * @param maxBackoff the longest wait between retries
 * @param maxRetryAfter the longest {@code Retry-After} Banyan honours; a provider that
 * asks for longer is skipped for the next target at once
 * @param firstTokenTimeout per attempt, the longest wait for the provider's first chunk
 * @param chunkGapTimeout per attempt, the longest silence between two chunks
 * @param totalTimeout per request, the longest the whole answer may take, retries and
 * fallbacks included; past it the answer ends with a timeout
 * @param breakerFailureRate per target, the percentage of failed calls in the window that
 * opens its circuit breaker, so the target is skipped
 * @param breakerMinimumCalls per target, how many calls the window needs before the rate
 * counts
 * @param breakerWindow per target, how many of the latest calls the failure rate is taken
 * over
 * @param breakerOpenFor how long an open breaker skips its target before letting probes
 * through
 * @param breakerProbes how many probe calls a half-open breaker lets through to decide
 * @param maxConcurrentCallsPerTarget per target, the most calls in flight at once; a
 * request over the limit goes to the next target
 */
@ConfigurationProperties("banyan.llm.resilience")
public record ResilienceSettings(@DefaultValue("2") int maxRetries, @DefaultValue("250ms") Duration initialBackoff,
		@DefaultValue("4s") Duration maxBackoff, @DefaultValue("10s") Duration maxRetryAfter,
		@DefaultValue("30s") Duration firstTokenTimeout, @DefaultValue("30s") Duration chunkGapTimeout,
		@DefaultValue("5m") Duration totalTimeout, @DefaultValue("50") float breakerFailureRate,
		@DefaultValue("10") int breakerMinimumCalls, @DefaultValue("20") int breakerWindow,
		@DefaultValue("30s") Duration breakerOpenFor, @DefaultValue("2") int breakerProbes,
		@DefaultValue("500") int maxConcurrentCallsPerTarget) {
}
