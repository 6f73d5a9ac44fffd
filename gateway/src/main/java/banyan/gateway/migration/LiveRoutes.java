package banyan.gateway.migration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import banyan.contracts.migration.MigrationRouteSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The migrated routes as they are now: those configured in the gateway, overridden by the
 * settings app-legacy's control plane holds, polled every {@code poll-interval} and
 * applied at once when their version moved. While app-legacy cannot be reached, the last
 * settings stay in force (counted as {@code banyan.migration.settings.poll.failures}).
 * Polling stops when the application stops, before Reactor Netty's event loops are shut
 * down: a poll every quiet period would keep them from ever being quiet, and the shutdown
 * would wait out its timeout.
 */
public class LiveRoutes implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

	private final Map<String, MigrationSettings.Route> configured;

	private final AtomicReference<Map<String, MigrationSettings.Route>> routes;

	private final AtomicLong version = new AtomicLong(-1);

	private final WebClient legacy;

	private final MeterRegistry meters;

	private final MigrationSettings settings;

	private final Disposable polling;

	public LiveRoutes(MigrationSettings settings, WebClient.Builder builder, String internalToken,
			MeterRegistry meters) {
		this.settings = settings;
		this.configured = settings.routes();
		this.routes = new AtomicReference<>(this.configured);
		this.meters = meters;
		this.legacy = LegacyInternalClient.create(settings, builder, internalToken, "migration-settings", 1);
		this.polling = Flux.interval(Duration.ZERO, settings.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> poll(), 1)
			.subscribe();
	}

	/**
	 * The migrated route a request is for (its path, and a safe method it is configured
	 * for); null for any other request.
	 */
	Map.@Nullable Entry<String, MigrationSettings.Route> route(ServerHttpRequest request) {
		String method = request.getMethod().name();
		String path = request.getURI().getRawPath();
		for (Map.Entry<String, MigrationSettings.Route> route : this.routes.get().entrySet()) {
			if (route.getValue().path().equals(path) && route.getValue().method().equalsIgnoreCase(method)) {
				return route;
			}
		}
		return null;
	}

	/** The version of the control plane's settings in force; -1 before the first poll. */
	long version() {
		return this.version.get();
	}

	Mono<Void> poll() {
		return this.legacy.get()
			.uri("/internal/migrations")
			.retrieve()
			.bodyToMono(MigrationRouteSettings.Snapshot.class)
			.timeout(this.settings.timeout())
			.doOnNext(this::apply)
			.onErrorResume((failure) -> {
				this.meters.counter("banyan.migration.settings.poll.failures").increment();
				log.debug("Could not poll the migration settings: {}", failure.toString());
				return Mono.empty();
			})
			.then();
	}

	private void apply(MigrationRouteSettings.Snapshot snapshot) {
		if (snapshot.version() == this.version.get()) {
			return;
		}
		Map<String, MigrationSettings.Route> merged = new HashMap<>(this.configured);
		for (MigrationRouteSettings route : snapshot.routes()) {
			merged.put(route.id(), new MigrationSettings.Route(route.method(), route.path(), route.mirrorPercentage(),
					route.noisePercentage(), route.ignore(), route.unordered(), route.relativeTolerance(),
					route.absoluteTolerance(), route.resultsPath(), route.idField(), route.k(), route.cutoverWeight(),
					// The control plane accepts another method only with the opt-in.
					!MigrationRouteSettings.readsOnly(route.method())));
		}
		this.routes.set(Map.copyOf(merged));
		this.version.set(snapshot.version());
		log.info("Applied the migration settings at version {} ({} routes)", snapshot.version(), merged.size());
	}

	@Override
	public void start() {
		// Polling starts with the bean: the routes are needed from the first request.
	}

	@Override
	public void stop() {
		this.polling.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.polling.isDisposed();
	}

	@Override
	public int getPhase() {
		return MigrationConfiguration.STOP_PHASE;
	}

	/** Also when the application failed to start, and so was never stopped. */
	@Override
	public void destroy() {
		this.polling.dispose();
	}

}
