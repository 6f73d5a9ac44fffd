package banyan.gateway.ratelimit;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import banyan.contracts.problem.ProblemTypes;
import banyan.gateway.identity.EdgeCaller;
import banyan.gateway.problem.EdgeRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Limits an authenticated LLM request by its tenant's tier (ADR 11): one request from the
 * requests bucket, a tokens bucket that is not in debt, and a free stream lease, all
 * asked at once; then the answer's tokens are charged as it ends and the lease is given
 * back. Admitted and refused responses both carry OpenAI's {@code x-ratelimit-*} headers.
 */
public class RateLimiting implements GatewayFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(RateLimiting.class);

	private final LimitStore store;

	private final RateLimitSettings settings;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final Counter storeFailures;

	RateLimiting(LimitStore store, RateLimitSettings settings, JsonMapper json, MeterRegistry meters) {
		this.store = store;
		this.settings = settings;
		this.json = json;
		this.meters = meters;
		this.storeFailures = Counter.builder("banyan.ratelimit.store.failures")
			.description("Rate-limit store calls that failed or timed out")
			.register(meters);
	}

	/** Right after edge authentication, which finds the caller. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		EdgeCaller caller = EdgeCaller.of(exchange);
		if (caller == null || !this.settings.enabled()) {
			return chain.filter(exchange);
		}
		RateLimitSettings.Tier tier = this.settings.tier(caller.rateTier());
		String base = "banyan:rl:{" + caller.tenant() + "}:" + this.settings.tierName(caller.rateTier());
		Limits limits = new Limits(base, tier);
		// Not UUID.randomUUID: SecureRandom reads /dev/urandom, a blocking read on the
		// event
		// loop (BlockHound caught it). A lease id only has to be unique.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String leaseId = new UUID(random.nextLong(), random.nextLong()).toString();
		Mono<Decision> requests = (tier.requestsPerMinute() != null)
				? ask(this.store.take(limits.requestsKey(), tier.requestsPerMinute(), 1)).map(Decision::ofProbe)
				: Mono.just(Decision.UNLIMITED);
		Mono<Decision> tokens = (tier.tokensPerMinute() != null)
				? ask(this.store.peek(limits.tokensKey(), tier.tokensPerMinute())).map(Decision::ofEstimate)
				: Mono.just(Decision.UNLIMITED);
		Mono<Boolean> lease = (tier.concurrentStreams() != null) ? ask(
				this.store.lease(limits.streamsKey(), leaseId, tier.concurrentStreams(), this.settings.streamLease()))
				: Mono.just(true);
		return Mono.zip(requests, tokens, lease).flatMap((answers) -> {
			Decision request = answers.getT1();
			Decision token = answers.getT2();
			boolean leased = answers.getT3();
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers(headers, "requests", tier.requestsPerMinute(), request);
			headers(headers, "tokens", tier.tokensPerMinute(), token);
			if (!request.allowed() || !token.allowed() || !leased) {
				if (leased && tier.concurrentStreams() != null) {
					background(this.store.release(limits.streamsKey(), leaseId));
				}
				return refuse(exchange, caller, tier, request, token);
			}
			return admit(exchange, chain, limits, leaseId);
		}).onErrorResume(StoreUnavailable.class, (failure) -> {
			this.storeFailures.increment();
			log.warn("Rate limits cannot be checked ({}); {} the request of tenant {}", failure.getMessage(),
					(this.settings.onStoreFailure() == RateLimitSettings.StoreFailure.ALLOW) ? "allowing" : "refusing",
					caller.tenant());
			if (this.settings.onStoreFailure() == RateLimitSettings.StoreFailure.ALLOW) {
				return chain.filter(exchange);
			}
			return new EdgeRefusal(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.RATE_LIMITS_UNAVAILABLE,
					"Rate limits unavailable", "Rate limits cannot be checked right now. Please try again shortly.",
					"server_error", "rate_limits_unavailable")
				.writeTo(exchange, this.json);
		});
	}

	private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, Limits limits, String leaseId) {
		RateLimitSettings.Tier tier = limits.tier();
		// Answers are read for their token report only when a tokens limit needs it.
		TokenTally tally = (tier.tokensPerMinute() != null) ? new TokenTally(exchange.getResponse()) : null;
		ServerWebExchange forwarded = (tally != null) ? exchange.mutate().response(tally).build() : exchange;
		return chain.filter(forwarded).doFinally((signal) -> {
			if (tier.concurrentStreams() != null) {
				background(this.store.release(limits.streamsKey(), leaseId));
			}
			if (tally != null && tally.tokens() > 0) {
				background(this.store.charge(limits.tokensKey(), tier.tokensPerMinute(), tally.tokens()));
			}
		});
	}

	private Mono<Void> refuse(ServerWebExchange exchange, EdgeCaller caller, RateLimitSettings.Tier tier,
			Decision request, Decision token) {
		String limit;
		long waitNanos;
		String detail;
		if (!request.allowed()) {
			limit = "requests";
			waitNanos = request.waitNanos();
			detail = "Rate limit reached: at most " + tier.requestsPerMinute() + " requests per minute.";
		}
		else if (!token.allowed()) {
			limit = "tokens";
			waitNanos = token.waitNanos();
			detail = "Rate limit reached: at most " + tier.tokensPerMinute() + " tokens per minute.";
		}
		else {
			limit = "streams";
			waitNanos = Duration.ofSeconds(1).toNanos();
			detail = "Rate limit reached: at most " + tier.concurrentStreams()
					+ " requests at once. Wait for one to finish.";
		}
		this.meters.counter("banyan.ratelimit.refused", "limit", limit).increment();
		log.info("Refused a request of tenant {} key {}: reason=rate_limit_{}", caller.tenant(), caller.keyId(), limit);
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds(waitNanos))));
		return new EdgeRefusal(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Rate limited", detail,
				limit.equals("tokens") ? "tokens" : "requests", "rate_limit_exceeded")
			.writeTo(exchange, this.json);
	}

	private static void headers(HttpHeaders headers, String name, @Nullable Long limit, Decision decision) {
		if (limit == null) {
			return;
		}
		headers.set("x-ratelimit-limit-" + name, Long.toString(limit));
		headers.set("x-ratelimit-remaining-" + name, Long.toString(Math.max(0, decision.remaining())));
		// Until the bucket is full again, refilling evenly over a minute.
		long missing = limit - Math.max(0, decision.remaining());
		long resetMillis = decision.allowed() ? (missing * 60_000 / limit) : decision.waitNanos() / 1_000_000;
		headers.set("x-ratelimit-reset-" + name, resetMillis + "ms");
	}

	private static long seconds(long nanos) {
		return (nanos + 999_999_999) / 1_000_000_000;
	}

	private <T> Mono<T> ask(CompletableFuture<T> call) {
		return Mono.fromFuture(call)
			.timeout(this.settings.storeTimeout())
			.onErrorMap((failure) -> new StoreUnavailable(failure));
	}

	private void background(CompletableFuture<?> call) {
		call.whenComplete((result, failure) -> {
			if (failure != null) {
				this.storeFailures.increment();
				log.warn("A rate-limit update failed: {}", failure.toString());
			}
		});
	}

	/** Where one tenant's counters at one tier are kept. */
	private record Limits(String base, RateLimitSettings.Tier tier) {

		String requestsKey() {
			return this.base + ":requests:" + this.tier.requestsPerMinute();
		}

		String tokensKey() {
			return this.base + ":tokens:" + this.tier.tokensPerMinute();
		}

		String streamsKey() {
			return this.base + ":streams";
		}

	}

	/** What one bucket said. */
	private record Decision(boolean allowed, long remaining, long waitNanos) {

		static final Decision UNLIMITED = new Decision(true, Long.MAX_VALUE, 0);

		static Decision ofProbe(io.github.bucket4j.ConsumptionProbe probe) {
			return new Decision(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
		}

		static Decision ofEstimate(io.github.bucket4j.EstimationProbe probe) {
			return new Decision(probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
		}

	}

	/** The store could not answer in time. */
	private static final class StoreUnavailable extends RuntimeException {

		StoreUnavailable(Throwable cause) {
			super(cause.toString(), cause, false, false);
		}

	}

}
