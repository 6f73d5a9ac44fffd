package banyan.llm.guardrail;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import banyan.contracts.stream.StreamEvent;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redacted answer as a stream: held text comes before other events and at the end, a
 * pause lets go of a plain word (measured from the last chunk, not the first held one),
 * never of digits, and demand reaches the answer even when chunks are held back whole.
 */
class RedactedAnswerTests {

	static final Duration HOLD_BACK = Duration.ofMillis(100);

	/** How long a verification may wait for a signal that should come at once. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final TestPublisher<StreamEvent> answer = TestPublisher.create();

	final AtomicInteger finished = new AtomicInteger();

	final StreamRedactor redactor = new StreamRedactor(new PersonalData("bnycanary-0011223344"), (kind) -> {
	});

	@Test
	void aPauseLetsGoOfAPlainWordOnceTheAnswerHasBeenQuietForTheHoldBack() {
		StepVerifier.create(redacted())
			.then(() -> this.answer.next(new StreamEvent.Delta("Hello wor")))
			.expectNext(new StreamEvent.Delta("Hello "))
			.then(() -> this.time.advanceTimeBy(Duration.ofMillis(60)))
			.then(() -> this.answer.next(new StreamEvent.Delta("ld")))
			// 100 ms after the first held piece, but only 40 ms after the last chunk.
			.then(() -> this.time.advanceTimeBy(Duration.ofMillis(40)))
			.expectNoEvent(Duration.ZERO)
			.then(() -> this.time.advanceTimeBy(Duration.ofMillis(60)))
			.expectNext(new StreamEvent.Delta("world"))
			.then(() -> this.answer.next(new StreamEvent.Delta(" again"), new StreamEvent.End("stop")))
			.expectNext(new StreamEvent.Delta(" "), new StreamEvent.Delta("again"), new StreamEvent.End("stop"))
			.then(this.answer::complete)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.finished).hasValue(1);
	}

	@Test
	void digitsStayHeldThroughAPauseAndAreRedactedAtTheEnd() {
		StepVerifier.create(redacted())
			.then(() -> this.answer.next(new StreamEvent.Delta("Card 4111 1111")))
			.expectNext(new StreamEvent.Delta("Card"))
			.then(() -> this.time.advanceTimeBy(Duration.ofSeconds(1)))
			.expectNoEvent(Duration.ZERO)
			.then(() -> this.answer.next(new StreamEvent.Delta(" 1111 1111")))
			.then(this.answer::complete)
			.expectNext(new StreamEvent.Delta(" [redacted card]"))
			.expectComplete()
			.verify(TIMEOUT);
		// No timer was set for held digits.
		assertThat(this.time.getScheduledTaskCount()).isZero();
	}

	@Test
	void heldTextGoesOutBeforeAFailure() {
		StepVerifier.create(redacted())
			.then(() -> this.answer.next(new StreamEvent.Delta("Half a wo")))
			.expectNext(new StreamEvent.Delta("Half a "))
			.then(() -> this.answer.error(new IllegalStateException("reset")))
			.expectNext(new StreamEvent.Delta("wo"))
			.expectErrorMessage("reset")
			.verify(TIMEOUT);
		assertThat(this.finished).hasValue(1);
	}

	@Test
	void demandReachesTheAnswerWhenWholeChunksAreHeldBack() {
		StepVerifier.create(redacted(), 1)
			.then(() -> this.answer.next(new StreamEvent.Delta("4111")))
			.then(() -> this.answer.next(new StreamEvent.Delta(" 1111")))
			.then(() -> this.answer.next(new StreamEvent.Delta(" 1111 1111 ok")))
			.expectNext(new StreamEvent.Delta("[redacted card] "))
			.thenRequest(1)
			.then(this.answer::complete)
			.expectNext(new StreamEvent.Delta("ok"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void cancellingCancelsTheAnswerAndItsTimer() {
		StepVerifier.create(redacted())
			.then(() -> this.answer.next(new StreamEvent.Delta("Hello wor")))
			.expectNext(new StreamEvent.Delta("Hello "))
			.thenCancel()
			.verify(TIMEOUT);
		this.answer.assertCancelled();
		assertThat(this.finished).hasValue(1);
		// The pause after the cancel lets nothing go.
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.redactor.holdsPlain()).isTrue();
	}

	private Flux<StreamEvent> redacted() {
		return RedactedAnswer.of(this.answer.flux(), this.redactor, HOLD_BACK, this.time,
				this.finished::incrementAndGet);
	}

}
