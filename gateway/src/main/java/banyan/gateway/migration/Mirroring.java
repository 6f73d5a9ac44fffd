package banyan.gateway.migration;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;

import banyan.contracts.identity.KeyIntrospection;
import banyan.contracts.migration.MigrationRouteSettings;
import banyan.gateway.identity.StaffTokens;
import banyan.gateway.migration.MirrorComparison.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * Shadow traffic for back-office endpoints under migration (ADR 14). A request of a
 * sampled staff member (sticky: a hash of the route and the member's credential) is
 * answered by app-legacy as always; meanwhile the same request goes to the candidate on
 * the mirror's own connection pool, with an access token from the identity bridge, and
 * the two answers are compared once both are in. The primary response is never delayed,
 * changed or failed by the mirror: the candidate call is a subscription of its own, a
 * copy of the primary body is kept only for sampled requests and only up to
 * {@code max-body}, and when {@code max-concurrent} mirrored calls are in flight a
 * further one is dropped and counted.
 */
public class Mirroring implements GatewayFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(Mirroring.class);

	/** Marks a request the candidate gets as a mirror, whose answer nobody receives. */
	public static final String MIRROR_HEADER = "Banyan-Mirror";

	private final MigrationSettings settings;

	private final LiveRoutes routes;

	private final StaffTokens staff;

	private final WebClient candidate;

	private final Semaphore inFlight;

	private final MirrorComparison comparison;

	public Mirroring(MigrationSettings settings, LiveRoutes routes, StaffTokens staff, WebClient.Builder builder,
			MeterRegistry meters, JsonMapper json, MirrorResults results) {
		this.settings = settings;
		this.routes = routes;
		this.staff = staff;
		this.inFlight = new Semaphore(settings.maxConcurrent());
		this.comparison = new MirrorComparison(meters, json, results);
		HttpClient http = HttpClient
			.create(ConnectionProvider.builder("mirror")
				.maxConnections(settings.maxConnections())
				.pendingAcquireMaxCount(settings.maxConcurrent())
				.maxIdleTime(Duration.ofSeconds(10))
				.build())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(settings.timeout().toMillis(), 5_000))
			.responseTimeout(settings.timeout());
		this.candidate = builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize((int) settings.maxBody().toBytes()))
			.build();
	}

	/** How many mirrored calls are in flight now. */
	int inFlight() {
		return this.settings.maxConcurrent() - this.inFlight.availablePermits();
	}

	/** Before the response is written, so that the copy sees every byte of it. */
	static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Map.Entry<String, MigrationSettings.Route> route = this.routes.route(request);
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (route == null || exchange.getAttribute(Cutover.CUT_OVER) != null
				|| exchange.getAttribute(Cutover.FELL_BACK) != null || authorization == null
				|| !authorization.regionMatches(true, 0, "Basic ", 0, 6)
				|| !MirrorSampling.sampled(route.getKey(), route.getValue().mirrorPercentage(), authorization)) {
			return chain.filter(exchange);
		}
		if (!MigrationRouteSettings.readsOnly(request.getMethod().name())) {
			return mirrorWithBody(exchange, chain, route.getKey(), route.getValue(), authorization);
		}
		if (!this.inFlight.tryAcquire()) {
			this.comparison.count(route.getKey(), SampleOutcome.DROPPED_CAPACITY);
			return chain.filter(exchange);
		}
		long started = System.nanoTime();
		String target = target(request);
		Mono<Answer> candidate = candidate(authorization, request.getMethod(), target, null, null)
			.doFinally((signal) -> this.inFlight.release())
			.cache();
		// Started now, on its own: the primary never waits for it.
		candidate.subscribe(null, (failure) -> {
		});
		// Sometimes app-legacy a second time: what differs between its own two answers is
		// noise.
		Mono<Answer> again = (java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) < route.getValue()
			.noisePercentage() && this.inFlight.tryAcquire())
					// Only for a staff member the bridge knows: never a second try of an
					// unknown credential.
					? bridge(authorization).filter((answer) -> answer.active())
						.flatMap((answer) -> call(this.settings.legacyUri(), request.getMethod(), target, null, null,
								(headers) -> headers.set(HttpHeaders.AUTHORIZATION, authorization)))
						.timeout(this.settings.timeout())
						.doFinally((signal) -> this.inFlight.release())
						.cache()
					: Mono.empty();
		again.subscribe(null, (failure) -> {
		});
		BodyCopy copy = new BodyCopy((int) this.settings.maxBody().toBytes());
		return chain.filter(exchange.mutate().response(copy.copying(exchange.getResponse())).build())
			.doOnSuccess((done) -> {
				Answer primary = primary(exchange, copy, started);
				candidate.publishOn(Schedulers.parallel())
					.subscribe((answer) -> this.comparison.compare(route.getKey(), route.getValue(), primary, answer),
							(failure) -> failed(route.getKey(), primary, failure));
				again.publishOn(Schedulers.parallel())
					.subscribe((answer) -> this.comparison.noise(route.getKey(), route.getValue(), primary, answer),
							(failure) -> log.debug("Migration {}: the second legacy call failed: {}", route.getKey(),
									failure.toString()));
			});
	}

	/**
	 * Mirrors a request that carries a body (a route that opted into unsafe methods): the
	 * body is copied as the primary reads it, within {@code max-body}, and the candidate
	 * gets it once the primary has answered; app-legacy is never asked twice.
	 */
	private Mono<Void> mirrorWithBody(ServerWebExchange exchange, GatewayFilterChain chain, String route,
			MigrationSettings.Route rules, String authorization) {
		ServerHttpRequest request = exchange.getRequest();
		int cap = (int) this.settings.maxBody().toBytes();
		BodyCopy sent = new BodyCopy(cap);
		BodyCopy answered = new BodyCopy(cap);
		ServerHttpRequestDecorator reading = new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().doOnNext(sent::add);
			}

		};
		long started = System.nanoTime();
		String target = target(request);
		HttpMethod method = request.getMethod();
		MediaType type = request.getHeaders().getContentType();
		return chain
			.filter(exchange.mutate().request(reading).response(answered.copying(exchange.getResponse())).build())
			.doOnSuccess((done) -> {
				Answer primary = primary(exchange, answered, started);
				byte[] body = sent.bytes();
				if (body == null) {
					this.comparison.count(route, SampleOutcome.DROPPED_TOO_LARGE);
					return;
				}
				if (!this.inFlight.tryAcquire()) {
					this.comparison.count(route, SampleOutcome.DROPPED_CAPACITY);
					return;
				}
				candidate(authorization, method, target, body, type).doFinally((signal) -> this.inFlight.release())
					.publishOn(Schedulers.parallel())
					.subscribe((answer) -> this.comparison.compare(route, rules, primary, answer),
							(failure) -> failed(route, primary, failure));
			});
	}

	/**
	 * The candidate's answer, with the bridge's token instead of the member's credential.
	 */
	private Mono<Answer> candidate(String authorization, HttpMethod method, String target, byte @Nullable [] body,
			@Nullable MediaType type) {
		return bridge(authorization).flatMap((answer) -> (answer.active() && answer.token() != null)
				? call(this.settings.candidateUri(), method, target, body, type, (headers) -> {
					headers.setBearerAuth(answer.token());
					// What the candidate answers is only compared: a write must be a dry
					// run.
					headers.set(MIRROR_HEADER, "true");
				}).timeout(this.settings.timeout()) : Mono.error(new NotMirrored(SampleOutcome.NOT_MIRRORED)));
	}

	/** What the client got from app-legacy, as the copy saw it. */
	private static Answer primary(ServerWebExchange exchange, BodyCopy copy, long started) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return new Answer((status != null) ? status.value() : 200,
				copy.decoded(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING)),
				Duration.ofNanos(System.nanoTime() - started));
	}

	private void failed(String route, Answer primary, Throwable failure) {
		this.comparison.failed(route, primary,
				(failure instanceof NotMirrored notMirrored) ? notMirrored.outcome : SampleOutcome.CANDIDATE_FAILED,
				failure);
	}

	/** The request's path and query, as the client sent them. */
	static String target(ServerHttpRequest request) {
		return request.getURI().getRawPath()
				+ ((request.getURI().getRawQuery() != null) ? "?" + request.getURI().getRawQuery() : "");
	}

	/**
	 * The identity bridge's answer for the credential, within the mirror's timeout; when
	 * the bridge is busy or does not answer, the sample is dropped
	 * ({@code dropped-bridge}), never counted as the candidate's failure.
	 */
	private Mono<KeyIntrospection> bridge(String authorization) {
		return this.staff.forCredential(authorization)
			.timeout(this.settings.timeout())
			.onErrorMap((failure) -> new NotMirrored(SampleOutcome.DROPPED_BRIDGE));
	}

	private Mono<Answer> call(URI base, HttpMethod method, String target, byte @Nullable [] body,
			@Nullable MediaType type, java.util.function.Consumer<HttpHeaders> credential) {
		long started = System.nanoTime();
		WebClient.RequestBodySpec request = this.candidate.method(method)
			.uri(URI.create(base.toString().replaceAll("/$", "") + target))
			.headers(credential);
		if (type != null) {
			request.contentType(type);
		}
		return ((body != null) ? request.bodyValue(body) : request)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((answer) -> new Answer(response.statusCode().value(), answer,
						Duration.ofNanos(System.nanoTime() - started))));
	}

	/**
	 * The request was not mirrored: the bridge did not know the credential
	 * ({@code not-mirrored}) or did not answer in time ({@code dropped-bridge}).
	 */
	private static final class NotMirrored extends RuntimeException {

		private final SampleOutcome outcome;

		NotMirrored(SampleOutcome outcome) {
			super(outcome.value(), null, false, false);
			this.outcome = outcome;
		}

	}

}
