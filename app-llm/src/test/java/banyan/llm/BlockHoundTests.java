package banyan.llm;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * BlockHound is installed for the whole test suite, so a blocking call on a Reactor or
 * Netty thread anywhere in app-llm's tests fails that test.
 */
class BlockHoundTests {

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
