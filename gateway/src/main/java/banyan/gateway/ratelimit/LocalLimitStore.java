package banyan.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

/**
 * The counters of one gateway process: lock-free Bucket4j buckets, forgotten ten minutes
 * after their last use, and lease sets.
 */
final class LocalLimitStore implements LimitStore {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(1_000_000)
		.build();

	private final Map<String, Map<String, Long>> leases = new ConcurrentHashMap<>();

	private Bucket bucket(String key, long perMinute) {
		return this.buckets.get(key,
				(name) -> Bucket.builder().addLimit(LimitStore.perMinute(perMinute).getBandwidths()[0]).build());
	}

	@Override
	public CompletableFuture<ConsumptionProbe> take(String key, long perMinute, long count) {
		return CompletableFuture.completedFuture(bucket(key, perMinute).tryConsumeAndReturnRemaining(count));
	}

	@Override
	public CompletableFuture<EstimationProbe> peek(String key, long perMinute) {
		return CompletableFuture.completedFuture(bucket(key, perMinute).estimateAbilityToConsume(1));
	}

	@Override
	public CompletableFuture<?> charge(String key, long perMinute, long count) {
		return CompletableFuture.completedFuture(bucket(key, perMinute).consumeIgnoringRateLimits(count));
	}

	@Override
	public CompletableFuture<Boolean> lease(String key, String id, int limit, Duration lifetime) {
		long now = System.currentTimeMillis();
		boolean[] granted = { false };
		this.leases.compute(key, (name, held) -> {
			Map<String, Long> leases = (held != null) ? held : new ConcurrentHashMap<>();
			leases.values().removeIf((expiry) -> expiry <= now);
			if (leases.size() < limit) {
				leases.put(id, now + lifetime.toMillis());
				granted[0] = true;
			}
			return leases.isEmpty() ? null : leases;
		});
		return CompletableFuture.completedFuture(granted[0]);
	}

	@Override
	public CompletableFuture<?> release(String key, String id) {
		this.leases.computeIfPresent(key, (name, held) -> {
			held.remove(id);
			return held.isEmpty() ? null : held;
		});
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void close() {
	}

}
