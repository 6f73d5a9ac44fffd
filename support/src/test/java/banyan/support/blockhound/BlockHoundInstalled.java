package banyan.support.blockhound;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a test suite with BlockHound installed (by {@code blockhound-junit-platform}) must
 * show: a blocking call on a Reactor thread fails the test. Each reactive application's
 * suite extends it once.
 */
public abstract class BlockHoundInstalled {

	@Test
	void blockingOnAReactorThreadFailsTheTest() {
		Throwable failure = catchThrowable(() -> Mono.delay(Duration.ofMillis(1))
			.doOnNext((tick) -> sleep())
			.publishOn(Schedulers.parallel())
			.block(Duration.ofSeconds(5)));

		assertThat(failure).hasMessageContaining("Blocking call!");
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
