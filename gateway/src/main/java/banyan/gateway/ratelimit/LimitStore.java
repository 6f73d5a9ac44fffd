package banyan.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

/**
 * Where the counters live: per-minute buckets (Bucket4j) and stream leases. Every call
 * answers asynchronously and never blocks the calling thread.
 */
interface LimitStore extends AutoCloseable {

	/** Takes {@code count} from the bucket if it holds that many. */
	CompletableFuture<ConsumptionProbe> take(String key, long perMinute, long count);

	/** Whether the bucket holds at least one, without taking it. */
	CompletableFuture<EstimationProbe> peek(String key, long perMinute);

	/** Takes {@code count} from the bucket even if that puts it in debt. */
	CompletableFuture<?> charge(String key, long perMinute, long count);

	/**
	 * Adds the lease {@code id} to the set if fewer than {@code limit} unexpired leases
	 * are in it.
	 */
	CompletableFuture<Boolean> lease(String key, String id, int limit, Duration lifetime);

	/** Removes the lease {@code id} from the set. */
	CompletableFuture<?> release(String key, String id);

	@Override
	void close();

	/** A bucket of {@code perMinute} that refills evenly over a minute. */
	static BucketConfiguration perMinute(long perMinute) {
		return BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build();
	}

}
