package banyan.gateway.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import banyan.contracts.migration.ComparisonResult;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends compared samples to app-legacy in batches ({@code POST
 * /internal/migrations/results}) every {@code flush-interval}. The queue is bounded: when
 * it is full, or app-legacy cannot take a batch, those results are dropped and counted
 * ({@code banyan.migration.results.dropped{reason}}), never kept without bound. When the
 * application stops, after the web server (so the last requests' results are queued),
 * what is queued is sent, and the timer stops before Reactor Netty's event loops are shut
 * down.
 */
public class MirrorResults implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MirrorResults.class);

	private final BlockingQueue<ComparisonResult> pending;

	private final WebClient legacy;

	private final MigrationSettings settings;

	private final MeterRegistry meters;

	private final Disposable flushing;

	public MirrorResults(MigrationSettings settings, WebClient.Builder builder, String internalToken,
			MeterRegistry meters) {
		this.settings = settings;
		this.meters = meters;
		this.pending = new ArrayBlockingQueue<>(settings.maxPending());
		this.legacy = LegacyInternalClient.create(settings, builder, internalToken, "migration-results", 2);
		this.flushing = Flux.interval(settings.flushInterval(), settings.flushInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> flush(), 1)
			.subscribe();
	}

	/** Queues a result; drops and counts it when the queue is full. */
	void add(ComparisonResult result) {
		if (!this.pending.offer(result)) {
			dropped("queue-full", 1);
		}
	}

	/** Sends what is queued, a batch at a time. */
	Mono<Void> flush() {
		return Mono.defer(() -> {
			List<ComparisonResult> batch = new ArrayList<>();
			this.pending.drainTo(batch, this.settings.batchSize());
			if (batch.isEmpty()) {
				return Mono.empty();
			}
			return this.legacy.post()
				.uri("/internal/migrations/results")
				.bodyValue(batch)
				.retrieve()
				.toBodilessEntity()
				.timeout(this.settings.timeout())
				.doOnSuccess((sent) -> this.meters.counter("banyan.migration.results.sent").increment(batch.size()))
				.onErrorResume((failure) -> {
					log.warn("app-legacy did not take {} migration results: {}", batch.size(), failure.toString());
					dropped("legacy-unavailable", batch.size());
					return Mono.empty();
				})
				.then(Mono.defer(() -> this.pending.isEmpty() ? Mono.empty() : flush()));
		});
	}

	private void dropped(String reason, int count) {
		this.meters.counter("banyan.migration.results.dropped", "reason", reason).increment(count);
	}

	@Override
	public void start() {
		// Flushing starts with the bean: results may be queued from the first request.
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/** Stops the timer, then sends what is queued; tells the callback when done. */
	@Override
	public void stop(Runnable callback) {
		this.flushing.dispose();
		flush().doFinally((signal) -> callback.run()).subscribe();
	}

	@Override
	public boolean isRunning() {
		return !this.flushing.isDisposed();
	}

	@Override
	public int getPhase() {
		return MigrationConfiguration.STOP_PHASE;
	}

	/** Also when the application failed to start, and so was never stopped. */
	@Override
	public void destroy() {
		this.flushing.dispose();
	}

}
