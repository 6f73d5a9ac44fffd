package banyan.llm.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import banyan.llm.catalog.Model;
import banyan.llm.provider.ChatProvider;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.ProviderRejectedRequest;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.Providers;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sends a request along a model's chain of targets. Until the first chunk has been passed
 * on, a target that is unavailable is retried with exponential backoff and jitter
 * (honouring {@code Retry-After}), then the next target is tried. Once a chunk has been
 * passed on, a failure ends the stream: nothing is retried that the client has partly
 * seen. Each attempt has a deadline for its first chunk and for the silence between
 * chunks. A request the provider rejected as such is neither retried nor sent elsewhere.
 */
@Component
class ProviderRouting {

	private static final Logger log = LoggerFactory.getLogger(ProviderRouting.class);

	private final Function<String, ChatProvider> providers;

	private final ResilienceSettings settings;

	private final CircuitBreakerRegistry breakers;

	private final BulkheadRegistry bulkheads;

	private final ChatTelemetry telemetry;

	@Autowired
	ProviderRouting(Providers providers, ResilienceSettings settings, ChatTelemetry telemetry) {
		this(providers::named, settings, telemetry);
	}

	/**
	 * Routing to the providers the function gives by name.
	 */
	ProviderRouting(Function<String, ChatProvider> providers, ResilienceSettings settings, ChatTelemetry telemetry) {
		this.providers = providers;
		this.settings = settings;
		this.telemetry = telemetry;
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.breakerFailureRate())
			.minimumNumberOfCalls(settings.breakerMinimumCalls())
			.slidingWindowSize(settings.breakerWindow())
			.waitDurationInOpenState(settings.breakerOpenFor())
			.permittedNumberOfCallsInHalfOpenState(settings.breakerProbes())
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.recordExceptions(ProviderUnavailable.class)
			.ignoreExceptions(ProviderRejectedRequest.class)
			.build());
		this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
			.maxConcurrentCalls(settings.maxConcurrentCallsPerTarget())
			.maxWaitDuration(Duration.ZERO)
			.build());
		telemetry.watch(this.breakers);
	}

	/** The circuit breaker state of a target, for tests and operators. */
	CircuitBreaker.State breakerState(Model.Target target) {
		return this.breakers.circuitBreaker(key(target)).getState();
	}

	/**
	 * The answer, each chunk with the target that produced it. Past the request's total
	 * deadline the provider call is cancelled and the flux fails with
	 * {@link DeadlinePassed}.
	 */
	Flux<Routed> stream(Model model, ChatRequest request, Tally tally) {
		return Flux.deferContextual((context) -> {
			AtomicBoolean expired = new AtomicBoolean();
			Duration deadline = this.settings.totalTimeout();
			return target(model.targets(), 0, request, new AtomicBoolean(), tally, context)
				.takeUntilOther(Mono.delay(deadline).doOnNext((tick) -> expired.set(true)))
				.concatWith(Mono.defer(() -> expired.get() ? Mono.error(new DeadlinePassed(deadline)) : Mono.empty()));
		});
	}

	private Flux<Routed> target(List<Model.Target> targets, int index, ChatRequest request, AtomicBoolean delivered,
			Tally tally, ContextView context) {
		Model.Target target = targets.get(index);
		Flux<Routed> attempts = Flux.defer(() -> {
			tally.attempts.incrementAndGet();
			return attempt(target, request);
		}).doOnNext((chunk) -> delivered.set(true)).retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			Duration wait = (!delivered.get() && failure instanceof ProviderUnavailable unavailable
					&& unavailable.retryable()) ? backoff(signal.totalRetriesInARow(), unavailable.retryAfter()) : null;
			if (wait == null) {
				return Mono.error(failure);
			}
			ChatTelemetry.inTraceOf(context, () -> log.info("Retrying {} in {} ms after: {}", target.provider(),
					wait.toMillis(), failure.getMessage()));
			tally.retries.incrementAndGet();
			this.telemetry.retried(target);
			return Mono.delay(wait).thenReturn(signal);
		})));
		if (index + 1 == targets.size()) {
			return attempts;
		}
		return attempts.onErrorResume((failure) -> !delivered.get() && failure instanceof ProviderUnavailable,
				(failure) -> {
					ChatTelemetry.inTraceOf(context, () -> log.warn("Falling back from {} to {} after: {}",
							target.provider(), targets.get(index + 1).provider(), failure.getMessage()));
					tally.fallbacks.incrementAndGet();
					this.telemetry.fellBack(target, targets.get(index + 1));
					return target(targets, index + 1, request, delivered, tally, context);
				});
	}

	private Flux<Routed> attempt(Model.Target target, ChatRequest request) {
		String key = key(target);
		return Flux.deferContextual((context) -> {
			Observation observation = this.telemetry.startAttempt(target, context);
			return this.providers.apply(target.provider())
				.stream(request.withModel(target.model()))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation))
				.doOnError(observation::error)
				.doFinally((signal) -> observation.stop());
		})
			.timeout(Mono.delay(this.settings.firstTokenTimeout()),
					(chunk) -> Mono.delay(this.settings.chunkGapTimeout()))
			.onErrorMap(TimeoutException.class,
					(timeout) -> new ProviderUnavailable(target.provider(),
							"went silent for longer than its deadline (first token "
									+ this.settings.firstTokenTimeout().toMillis() + " ms, between chunks "
									+ this.settings.chunkGapTimeout().toMillis() + " ms)",
							timeout))
			.transformDeferred(CircuitBreakerOperator.of(this.breakers.circuitBreaker(key)))
			.transformDeferred(BulkheadOperator.of(this.bulkheads.bulkhead(key)))
			.onErrorMap(CallNotPermittedException.class,
					(open) -> ProviderUnavailable.skipped(target.provider(),
							"was skipped: it failed too often lately and its circuit breaker is open", open))
			.onErrorMap(BulkheadFullException.class,
					(full) -> ProviderUnavailable.skipped(target.provider(),
							"was skipped: it already has " + this.settings.maxConcurrentCallsPerTarget()
									+ " calls in flight",
							full))
			.map((chunk) -> new Routed(target, chunk));
	}

	private static String key(Model.Target target) {
		return target.provider() + "/" + target.model();
	}

	/**
	 * The wait before retry number {@code retriesSoFar + 1}, or {@code null} to stop
	 * retrying.
	 */
	private @Nullable Duration backoff(long retriesSoFar, @Nullable Duration retryAfter) {
		if (retriesSoFar >= this.settings.maxRetries()) {
			return null;
		}
		if (retryAfter != null) {
			return retryAfter.compareTo(this.settings.maxRetryAfter()) <= 0 ? retryAfter : null;
		}
		long base = Math.min(this.settings.maxBackoff().toMillis(),
				this.settings.initialBackoff().toMillis() << Math.min(retriesSoFar, 20));
		long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
		return Duration.ofMillis(base - jitter);
	}

	/**
	 * What routing did for one request, counted as it happens.
	 */
	static final class Tally {

		final AtomicInteger attempts = new AtomicInteger();

		final AtomicInteger retries = new AtomicInteger();

		final AtomicInteger fallbacks = new AtomicInteger();

	}

	/**
	 * A chunk and where it came from.
	 *
	 * @param target the target that produced it
	 * @param chunk the chunk
	 */
	record Routed(Model.Target target, ProviderChunk chunk) {
	}

}
