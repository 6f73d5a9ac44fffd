package banyan.llm.guardrail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import banyan.contracts.stream.StreamEvent;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One answer on its way through a {@link StreamRedactor}: text deltas are redacted as
 * they come, held text is sent before any other event and at the end, and when the answer
 * pauses for the hold-back timeout while only a plain word is held, the word is let go.
 * <p>
 * One subscriber between the answer and a {@link FluxSink}, instead of a chain of
 * operators: every chunk of every stream passes here. The pause timer is set only while a
 * plain word is held, and at most once per timeout (it is not reset by every chunk: when
 * it fires early it waits for the rest). The answer's events and the timer are serialized
 * by this object's lock; the sink passes them on in that order and buffers what a pause
 * adds beyond the subscriber's demand. Demand is passed on to the answer, plus one for
 * every event held back entirely.
 */
final class RedactedAnswer extends BaseSubscriber<StreamEvent> {

	private final FluxSink<StreamEvent> sink;

	private final StreamRedactor redactor;

	private final Duration holdBack;

	private final Scheduler timers;

	private final Runnable onFinally;

	/** When the answer last sent an event, by the timers' clock. Guarded by this. */
	private long lastEventNanos;

	/** The pending pause timer. Guarded by this. */
	private @Nullable Disposable pause;

	/** Whether the sink has been completed or failed. Guarded by this. */
	private boolean done;

	private RedactedAnswer(FluxSink<StreamEvent> sink, StreamRedactor redactor, Duration holdBack, Scheduler timers,
			Runnable onFinally) {
		this.sink = sink;
		this.redactor = redactor;
		this.holdBack = holdBack;
		this.timers = timers;
		this.onFinally = onFinally;
	}

	/**
	 * The answer, redacted. Subscribe once: the redactor is the subscription's.
	 * @param answer the events as the provider's answer gives them
	 * @param redactor what redacts
	 * @param holdBack how long a pause lets go of a held plain word after
	 * @param timers where the pause timer runs
	 * @param onFinally called once the answer has ended or was cancelled
	 */
	static Flux<StreamEvent> of(Flux<StreamEvent> answer, StreamRedactor redactor, Duration holdBack, Scheduler timers,
			Runnable onFinally) {
		return Flux.create((sink) -> {
			RedactedAnswer redacted = new RedactedAnswer(sink, redactor, holdBack, timers, onFinally);
			sink.onDispose(redacted);
			answer.subscribe(redacted);
			sink.onRequest(redacted::request);
		});
	}

	@Override
	public Context currentContext() {
		return Context.of(this.sink.contextView());
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		// Demand comes from the sink's subscriber.
	}

	@Override
	protected void hookOnNext(StreamEvent event) {
		boolean heldBack;
		synchronized (this) {
			this.lastEventNanos = this.timers.now(TimeUnit.NANOSECONDS);
			if (event instanceof StreamEvent.Delta delta) {
				String text = this.redactor.push(delta.text());
				heldBack = text.isEmpty() && delta.toolCalls().isEmpty();
				if (!heldBack) {
					this.sink.next(new StreamEvent.Delta(text, delta.toolCalls()));
				}
				if (this.pause == null && this.redactor.holdsPlain()) {
					this.pause = this.timers.schedule(this::paused, this.holdBack.toNanos(), TimeUnit.NANOSECONDS);
				}
			}
			else {
				heldBack = false;
				sendHeld();
				this.sink.next(event);
			}
		}
		if (heldBack) {
			request(1);
		}
	}

	@Override
	protected void hookOnComplete() {
		synchronized (this) {
			sendHeld();
			this.done = true;
			this.sink.complete();
		}
	}

	@Override
	protected void hookOnError(Throwable failure) {
		synchronized (this) {
			sendHeld();
			this.done = true;
			this.sink.error(failure);
		}
	}

	@Override
	protected void hookFinally(SignalType type) {
		synchronized (this) {
			if (this.pause != null) {
				this.pause.dispose();
				this.pause = null;
			}
		}
		this.onFinally.run();
	}

	/** The timer: lets go of a plain word once the answer has paused long enough. */
	private void paused() {
		synchronized (this) {
			this.pause = null;
			if (this.done || isDisposed()) {
				return;
			}
			long quiet = this.timers.now(TimeUnit.NANOSECONDS) - this.lastEventNanos;
			long left = this.holdBack.toNanos() - quiet;
			if (left > 0) {
				if (this.redactor.holdsPlain()) {
					this.pause = this.timers.schedule(this::paused, left, TimeUnit.NANOSECONDS);
				}
				return;
			}
			String plain = this.redactor.flushIfPlain();
			if (!plain.isEmpty()) {
				this.sink.next(new StreamEvent.Delta(plain));
			}
		}
	}

	private void sendHeld() {
		String held = this.redactor.flush();
		if (!held.isEmpty()) {
			this.sink.next(new StreamEvent.Delta(held));
		}
	}

}
