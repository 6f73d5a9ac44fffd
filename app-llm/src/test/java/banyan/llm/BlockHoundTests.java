package banyan.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import banyan.support.blockhound.BlockHoundInstalled;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BlockHound is installed for the whole test suite, so a blocking call on a Reactor or
 * Netty thread anywhere in app-llm's tests fails that test.
 */
class BlockHoundTests extends BlockHoundInstalled {

	@Test
	void aCircuitBreakerRecordingOutcomesOnReactorThreadsAtOnceIsNotABlockingCall() {
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("contended");
		// Two event-loop-like threads record at the same time, so the sliding window's
		// lock is contended and parks one of them now and then.
		Flux.range(0, 2).parallel(2).runOn(Schedulers.parallel()).doOnNext((worker) -> {
			for (int call = 0; call < 200_000; call++) {
				breaker.onSuccess(1, TimeUnit.NANOSECONDS);
			}
		}).sequential().blockLast(Duration.ofSeconds(60));

		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(100);
	}

}
