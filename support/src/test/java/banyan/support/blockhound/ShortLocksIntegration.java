package banyan.support.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Libraries on the reactive path that take a lock of their own for a moment, which
 * BlockHound would report as a blocking call when another thread holds it; registered for
 * the tests of app-llm and the gateway, which have support's test-jar. Only these short,
 * bounded sections are allowed; any other blocking call on a Reactor or Netty thread
 * still fails the test.
 * <ul>
 * <li>Netty 4.2's adaptive buffer allocator takes a {@code StampedLock} when it grows or
 * frees a magazine.</li>
 * <li>Resilience4j's circuit breaker records each call's outcome in its sliding window
 * under a {@code ReentrantLock}, and takes one to move from open to half-open and to
 * register an event consumer. Under concurrent calls the lock is contended, and the error
 * BlockHound raises inside a completion signal would otherwise be dropped and leave the
 * stream hanging.</li>
 * <li>Jackson makes a deserializer for a type the first time it reads one, under a
 * {@code ReentrantLock}; two threads reading a new type at once (the gateway's mirror
 * comparing a sample and its noise) contend for it.</li>
 * </ul>
 */
public class ShortLocksIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// A blocking call raised inside an operator whose errors are dropped or mapped
		// (a mirrored call's, say) would leave no trace: print each one as it is found.
		builder.blockingMethodCallback((method) -> {
			BlockingOperationError error = new BlockingOperationError(method);
			error.printStackTrace();
			throw error;
		});
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
		for (String window : new String[] { "FixedSizeSlidingWindowMetrics", "SlidingTimeWindowMetrics" }) {
			builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics." + window, "record");
			builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics." + window, "getSnapshot");
		}
		builder.allowBlockingCallsInside(
				"io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine$OpenState",
				"toHalfOpenState");
		builder.allowBlockingCallsInside("io.github.resilience4j.core.EventProcessor", "registerConsumer");
		builder.allowBlockingCallsInside("io.github.resilience4j.core.EventProcessor", "onEvent");
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
	}

}
