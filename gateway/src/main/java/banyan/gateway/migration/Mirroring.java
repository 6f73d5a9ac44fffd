package banyan.gateway.migration;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

import banyan.contracts.identity.KeyIntrospection;
import banyan.contracts.migration.ComparisonResult;
import banyan.contracts.migration.MigrationRouteSettings;
import banyan.gateway.identity.StaffTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
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
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
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

	/**
	 * The most fields of one sample that are counted, so a strange answer cannot flood
	 * the metrics.
	 */
	private static final int MAX_FIELDS = 20;

	/** Marks a request the candidate gets as a mirror, whose answer nobody receives. */
	public static final String MIRROR_HEADER = "Banyan-Mirror";

	private final MigrationSettings settings;

	private final LiveRoutes routes;

	private final StaffTokens staff;

	private final WebClient candidate;

	private final Semaphore inFlight;

	private final MeterRegistry meters;

	private final JsonMapper json;

	private final MirrorResults results;

	public Mirroring(MigrationSettings settings, LiveRoutes routes, StaffTokens staff, WebClient.Builder builder,
			MeterRegistry meters, JsonMapper json, MirrorResults results) {
		this.settings = settings;
		this.routes = routes;
		this.results = results;
		this.staff = staff;
		this.inFlight = new Semaphore(settings.maxConcurrent());
		this.meters = meters;
		this.json = json;
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
				|| !sampled(route.getKey(), route.getValue().mirrorPercentage(), authorization)) {
			return chain.filter(exchange);
		}
		if (!MigrationRouteSettings.readsOnly(request.getMethod().name())) {
			return mirrorWithBody(exchange, chain, route.getKey(), route.getValue(), authorization);
		}
		if (!this.inFlight.tryAcquire()) {
			count(route.getKey(), "dropped-capacity");
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
		Copy copy = new Copy((int) this.settings.maxBody().toBytes());
		return chain.filter(exchange.mutate().response(copying(exchange.getResponse(), copy)).build())
			.doOnSuccess((done) -> {
				Answer primary = primary(exchange, copy, started);
				candidate.publishOn(Schedulers.parallel())
					.subscribe((answer) -> compare(route.getKey(), route.getValue(), primary, answer),
							(failure) -> failed(route.getKey(), primary, failure));
				again.publishOn(Schedulers.parallel())
					.subscribe((answer) -> noise(route.getKey(), route.getValue(), primary, answer), (failure) -> log
						.debug("Migration {}: the second legacy call failed: {}", route.getKey(), failure.toString()));
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
		Copy sent = new Copy(cap);
		Copy answered = new Copy(cap);
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
			.filter(exchange.mutate().request(reading).response(copying(exchange.getResponse(), answered)).build())
			.doOnSuccess((done) -> {
				Answer primary = primary(exchange, answered, started);
				byte[] body = sent.bytes();
				if (body == null) {
					count(route, "dropped-too-large");
					return;
				}
				if (!this.inFlight.tryAcquire()) {
					count(route, "dropped-capacity");
					return;
				}
				candidate(authorization, method, target, body, type).doFinally((signal) -> this.inFlight.release())
					.publishOn(Schedulers.parallel())
					.subscribe((answer) -> compare(route, rules, primary, answer),
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
				}).timeout(this.settings.timeout()) : Mono.error(new NotMirrored("not-mirrored")));
	}

	/** What the client got from app-legacy, as the copy saw it. */
	private Answer primary(ServerWebExchange exchange, Copy copy, long started) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return new Answer((status != null) ? status.value() : 200,
				decoded(copy.bytes(), exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING)),
				Duration.ofNanos(System.nanoTime() - started));
	}

	/** The response, copying its body as it is written. */
	private static ServerHttpResponseDecorator copying(ServerHttpResponse response, Copy copy) {
		return new ServerHttpResponseDecorator(response) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body).doOnNext(copy::add));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(Flux.from(body).map((part) -> Flux.from(part).doOnNext(copy::add)));
			}

		};
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
			.onErrorMap((failure) -> new NotMirrored("dropped-bridge"));
	}

	/**
	 * Whether this credential's requests on the route are mirrored: the same answer for
	 * the same member as long as the percentage stays, and raising it only adds members.
	 */
	static boolean sampled(String route, double percentage, String credential) {
		if (percentage <= 0) {
			return false;
		}
		if (percentage >= 100) {
			return true;
		}
		return bucket(route + "\n" + credential, 10_000) < percentage * 100;
	}

	/** A stable bucket in {@code [0, buckets)} from the SHA-256 of the text. */
	static int bucket(String text, int buckets) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			long value = 0;
			for (int i = 0; i < 8; i++) {
				value = (value << 8) | (digest[i] & 0xff);
			}
			return (int) Long.remainderUnsigned(value, buckets);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	/**
	 * The body as the client reads it: a gzip-encoded one unpacked (within the cap, so a
	 * small body cannot unpack into a huge one); null when too large or in another
	 * encoding.
	 */
	private byte @Nullable [] decoded(byte @Nullable [] body, @Nullable String encoding) {
		if (body == null || encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.strip())) {
			return body;
		}
		if (!"gzip".equalsIgnoreCase(encoding.strip())) {
			return null;
		}
		int cap = (int) this.settings.maxBody().toBytes();
		try (var unpacked = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
			byte[] bytes = unpacked.readNBytes(cap + 1);
			return (bytes.length > cap) ? null : bytes;
		}
		catch (java.io.IOException notGzip) {
			return null;
		}
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

	private void compare(String route, MigrationSettings.Route rules, Answer primary, Answer candidate) {
		if (primary.body() == null) {
			count(route, "dropped-too-large");
			return;
		}
		// Each body is read as JSON once, for the fields and the search comparison.
		JsonNode left = json(primary.body());
		JsonNode right = json(candidate.body());
		Set<String> differences = differences(rules, primary, left, candidate, right);
		count(route, differences.isEmpty() ? "match" : "mismatch");
		differences.stream()
			.limit(MAX_FIELDS)
			.forEach((field) -> this.meters
				.counter("banyan.migration.fields", "route", route, "field", field, "kind", "mismatch")
				.increment());
		this.meters.timer("banyan.migration.latency", "route", route, "side", "primary").record(primary.latency());
		this.meters.timer("banyan.migration.latency", "route", route, "side", "candidate").record(candidate.latency());
		double overlap = -1;
		double tau = -2;
		if (!rules.resultsPath().isEmpty() && primary.status() == 200 && candidate.status() == 200) {
			if (left != null && right != null) {
				JsonComparison.SearchAgreement agreement = JsonComparison.SearchAgreement.of(
						JsonComparison.SearchAgreement.ids(left, rules.resultsPath(), rules.idField()),
						JsonComparison.SearchAgreement.ids(right, rules.resultsPath(), rules.idField()), rules.k());
				this.meters.summary("banyan.migration.search.overlap", "route", route).record(agreement.overlap());
				this.meters.summary("banyan.migration.search.tau", "route", route).record(agreement.tau());
				overlap = agreement.overlap();
				tau = agreement.tau();
			}
		}
		this.results.add(new ComparisonResult(route, Instant.now(), differences.isEmpty() ? "match" : "mismatch",
				primary.status(), candidate.status(), primary.latency().toMillis(), candidate.latency().toMillis(),
				differences.stream().limit(MAX_FIELDS).toList(), false, overlap, tau,
				differences.isEmpty() ? "" : diff(primary, candidate)));
		if (!differences.isEmpty()) {
			log.info("Migration {}: the candidate differs from the primary in {}", route, differences);
		}
	}

	/** Both bodies, cut to 2,000 characters each, for the store of mismatch samples. */
	private static String diff(Answer primary, Answer candidate) {
		return "primary " + primary.status() + ": " + abbreviate(primary.body()) + "\ncandidate " + candidate.status()
				+ ": " + abbreviate(candidate.body());
	}

	private static String abbreviate(byte @Nullable [] body) {
		if (body == null) {
			return "(too large)";
		}
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() <= 2_000) ? text : text.substring(0, 2_000) + "…";
	}

	/** Counts what differs between two legacy answers to the same request: noise. */
	private void noise(String route, MigrationSettings.Route rules, Answer primary, Answer again) {
		if (primary.body() == null) {
			return;
		}
		Set<String> differences = differences(rules, primary, json(primary.body()), again, json(again.body()));
		this.meters.counter("banyan.migration.noise.samples", "route", route).increment();
		this.results.add(new ComparisonResult(route, Instant.now(), differences.isEmpty() ? "match" : "mismatch",
				primary.status(), again.status(), primary.latency().toMillis(), again.latency().toMillis(),
				differences.stream().limit(MAX_FIELDS).toList(), true, -1, -2, ""));
		differences.stream()
			.limit(MAX_FIELDS)
			.forEach((field) -> this.meters
				.counter("banyan.migration.fields", "route", route, "field", field, "kind", "noise")
				.increment());
	}

	/**
	 * The fields that differ (after the route's rules) when both are JSON; {@code status}
	 * when the status codes differ; {@code $} for bodies that are not JSON and differ.
	 */
	private Set<String> differences(MigrationSettings.Route rules, Answer primary, @Nullable JsonNode a, Answer other,
			@Nullable JsonNode b) {
		Set<String> found = new java.util.TreeSet<>();
		if (primary.status() != other.status()) {
			found.add("status");
		}
		byte[] left = primary.body();
		byte[] right = other.body();
		if (left == null || right == null) {
			found.add("$");
			return found;
		}
		if (a != null && b != null) {
			found.addAll(rules.comparison().differences(a, b));
		}
		else if (!Arrays.equals(left, right)) {
			found.add("$");
		}
		return found;
	}

	private @Nullable JsonNode json(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return this.json.readTree(body);
		}
		catch (RuntimeException notJson) {
			return null;
		}
	}

	private void failed(String route, Answer primary, Throwable failure) {
		count(route, (failure instanceof NotMirrored notMirrored) ? notMirrored.getMessage() : "candidate-failed");
		if (!(failure instanceof NotMirrored)) {
			this.results.add(new ComparisonResult(route, Instant.now(), "candidate-failed", primary.status(), 0,
					primary.latency().toMillis(), -1, List.of(), false, -1, -2, ""));
		}
		log.debug("Migration {}: the mirrored call failed: {}", route, failure.toString());
	}

	private void count(String route, String outcome) {
		this.meters.counter("banyan.migration.samples", "route", route, "outcome", outcome).increment();
	}

	/** One side's answer. {@code body} is null when it was larger than the cap. */
	private record Answer(int status, byte @Nullable [] body, Duration latency) {
	}

	/**
	 * The request was not mirrored: the bridge did not know the credential
	 * ({@code not-mirrored}) or did not answer in time ({@code dropped-bridge}).
	 */
	private static final class NotMirrored extends RuntimeException {

		NotMirrored(String outcome) {
			super(outcome, null, false, false);
		}

	}

	/** A copy of a body as it is written, up to a cap; beyond it, nothing. */
	private static final class Copy {

		private final int cap;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private boolean tooLarge;

		Copy(int cap) {
			this.cap = cap;
		}

		void add(DataBuffer buffer) {
			int length = buffer.readableByteCount();
			if (this.tooLarge || this.bytes.size() + length > this.cap) {
				this.tooLarge = true;
				this.bytes.reset();
				return;
			}
			byte[] part = new byte[length];
			int position = buffer.readPosition();
			buffer.read(part);
			buffer.readPosition(position);
			this.bytes.writeBytes(part);
		}

		byte @Nullable [] bytes() {
			return this.tooLarge ? null : this.bytes.toByteArray();
		}

	}

}
