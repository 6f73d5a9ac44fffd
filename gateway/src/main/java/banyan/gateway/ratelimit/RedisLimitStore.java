package banyan.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * Counters shared by every gateway replica in one Redis: Bucket4j's Lettuce buckets
 * (compare-and-swap scripts) and a sorted set of leases per tenant, scored by expiry,
 * changed by one Lua script so that the check and the add are atomic.
 */
final class RedisLimitStore implements LimitStore {

	/** KEYS[1] the set; ARGV now, expiry, lease id, limit, set lifetime (ms). */
	private static final String LEASE = """
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
			if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
			  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
			  redis.call('PEXPIRE', KEYS[1], ARGV[5])
			  return 1
			end
			return 0
			""";

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisAsyncCommands<String, String> commands;

	private final AsyncProxyManager<String> buckets;

	RedisLimitStore(String url, Duration timeout) {
		this.client = RedisClient.create(url);
		// A call that cannot be sent (Redis down) fails at once instead of queueing.
		this.client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		this.connection = this.client.connect();
		this.commands = this.connection.async();
		this.buckets = Bucket4jLettuce.casBasedBuilder(this.client)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build()
			.asAsync()
			.withMapper((String key) -> key.getBytes(StandardCharsets.UTF_8));
	}

	private AsyncBucketProxy bucket(String key, long perMinute) {
		return this.buckets.builder()
			.build(key, () -> CompletableFuture.completedFuture(LimitStore.perMinute(perMinute)));
	}

	@Override
	public CompletableFuture<ConsumptionProbe> take(String key, long perMinute, long count) {
		return bucket(key, perMinute).tryConsumeAndReturnRemaining(count);
	}

	@Override
	public CompletableFuture<EstimationProbe> peek(String key, long perMinute) {
		return bucket(key, perMinute).estimateAbilityToConsume(1);
	}

	@Override
	public CompletableFuture<?> charge(String key, long perMinute, long count) {
		return bucket(key, perMinute).consumeIgnoringRateLimits(count);
	}

	@Override
	public CompletableFuture<Boolean> lease(String key, String id, int limit, Duration lifetime) {
		long now = System.currentTimeMillis();
		return this.commands
			.<Long>eval(LEASE, ScriptOutputType.INTEGER, new String[] { key }, Long.toString(now),
					Long.toString(now + lifetime.toMillis()), id, Integer.toString(limit),
					Long.toString(lifetime.toMillis()))
			.toCompletableFuture()
			.thenApply((granted) -> granted == 1L);
	}

	@Override
	public CompletableFuture<?> release(String key, String id) {
		return this.commands.zrem(key, id).toCompletableFuture();
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
