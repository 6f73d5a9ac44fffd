package banyan.llm.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code Idempotency-Key} handling ({@code banyan.llm.idempotency.*}).
 *
 * @param keepFor how long a completed request's key is remembered (and its answer
 * replayed); after that the key may be used afresh
 * @param abandonedAfter how long a request may run before its key is considered abandoned
 * (its process died) and may be used again; longer than
 * {@code banyan.llm.resilience.total-timeout}
 * @param maxBodyBytes the largest request body read for a request with a key; larger is a
 * 413
 * @param maxStoredBytes the largest answer stored for replay; a larger answer is
 * delivered, and a repeat is refused instead of replayed
 */
@ConfigurationProperties("banyan.llm.idempotency")
record IdempotencySettings(@DefaultValue("24h") Duration keepFor, @DefaultValue("10m") Duration abandonedAfter,
		@DefaultValue("1048576") int maxBodyBytes, @DefaultValue("1048576") int maxStoredBytes) {
}
