package banyan.llm.chat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Adds {@code : ping} comments to a stream whenever it has been silent for a while, and
 * stops them when the stream ends.
 */
final class Heartbeats {

	private static final ServerSentEvent<String> PING = ServerSentEvent.<String>builder().comment(" ping").build();

	private Heartbeats() {
	}

	/**
	 * The events, with a ping after every {@code idle} (give or take one {@code idle})
	 * without an event. Completes, fails or is cancelled with {@code events}.
	 */
	static Flux<ServerSentEvent<String>> whileIdle(Flux<ServerSentEvent<String>> events, Duration idle) {
		return events.publish((shared) -> {
			AtomicLong lastSent = new AtomicLong(System.nanoTime());
			Flux<ServerSentEvent<String>> sent = shared.doOnNext((event) -> lastSent.set(System.nanoTime()));
			Flux<ServerSentEvent<String>> pings = Flux.interval(idle, idle)
				.filter((tick) -> System.nanoTime() - lastSent.get() >= idle.toNanos())
				.map((tick) -> PING)
				.takeUntilOther(shared.then(Mono.just(true)));
			return Flux.merge(sent, pings);
		});
	}

}
