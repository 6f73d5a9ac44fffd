package banyan.llm.idempotency;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import banyan.llm.identity.Caller;
import banyan.llm.problem.Problems;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@code Idempotency-Key} on {@code POST /v1/chat/completions}, {@code /chat/stream} and
 * {@code /rag/query}, scoped to the caller's tenant. The first request with a key runs; a
 * repeat with the same body gets the stored answer back (header
 * {@code Idempotent-Replayed: true}) when the answer was a whole JSON body, or a 409 when
 * it was streamed or cancelled (it cannot be replayed, and running it again would charge
 * twice); a repeat while the first still runs is a 409; the key with a different body is
 * a 422. A first request that ends with an error status charged nothing and releases the
 * key, so the client may retry with it. Runs after authentication.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class IdempotentRequests implements WebFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private static final Set<String> PATHS = Set.of("/v1/chat/completions", "/chat/stream", "/rag/query");

	private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);

	private final IdempotencyRecords records;

	private final IdempotencySettings settings;

	private final Problems problems;

	private final JsonMapper json;

	private final Clock clock;

	IdempotentRequests(IdempotencyRecords records, IdempotencySettings settings, Problems problems, JsonMapper json,
			Clock clock) {
		this.records = records;
		this.settings = settings;
		this.problems = problems;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String key = request.getHeaders().getFirst(HEADER);
		if (key == null || request.getMethod() != HttpMethod.POST
				|| !PATHS.contains(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			return refuse(exchange, refusal(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
					HEADER + " must be 1 to 255 visible ASCII characters."));
		}
		return exchange.getPrincipal()
			.map((principal) -> (principal instanceof Authentication authentication
					&& authentication.getPrincipal() instanceof Caller caller) ? Optional.of(caller)
							: Optional.<Caller>empty())
			.defaultIfEmpty(Optional.empty())
			.flatMap((caller) -> caller.isEmpty() ? chain.filter(exchange)
					: DataBufferUtils.join(request.getBody(), this.settings.maxBodyBytes())
						.map(IdempotentRequests::bytes)
						.defaultIfEmpty(new byte[0])
						.flatMap((body) -> run(exchange, chain, caller.get().tenant(), key, body))
						.onErrorResume(DataBufferLimitException.class, (tooLarge) -> refuse(exchange,
								refusal(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
										"Payload too large", "A request with an " + HEADER + " may have at most "
												+ this.settings.maxBodyBytes() + " bytes."))));
	}

	private Mono<Void> run(ServerWebExchange exchange, WebFilterChain chain, String tenant, String key, byte[] body) {
		String hash = hash(exchange.getRequest(), body);
		Instant now = this.clock.instant();
		return this.records
			.claim(tenant, key, hash, now, now.minus(this.settings.abandonedAfter()),
					now.minus(this.settings.keepFor()))
			.flatMap((claimed) -> claimed ? first(exchange, chain, tenant, key, body)
					: repeat(exchange, tenant, key, hash));
	}

	/** The first request with the key: run it, and keep what it answered. */
	private Mono<Void> first(ServerWebExchange exchange, WebFilterChain chain, String tenant, String key, byte[] body) {
		ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
		Recording response = new Recording(exchange.getResponse(), this.settings.maxStoredBytes());
		// A failed first request frees its key before the client sees the failure, so a
		// retry sent the moment it arrives is a first request again, not a repeat.
		response.beforeCommit(() -> isSuccess(response) ? Mono.empty() : this.records.release(tenant, key));
		return chain.filter(exchange.mutate().request(request).response(response).build())
			.then(Mono.defer(() -> completed(tenant, key, response)))
			.onErrorResume((failure) -> this.records.release(tenant, key).then(Mono.error(failure)))
			.doOnCancel(() -> this.records.complete(tenant, key, "cancelled", 499, null, null, this.clock.instant())
				.subscribe(null,
						(failure) -> log.warn("Could not record the cancel of {}: {}", key, failure.getMessage())));
	}

	private static boolean isSuccess(ServerHttpResponse response) {
		HttpStatusCode status = response.getStatusCode();
		return status == null || status.is2xxSuccessful();
	}

	private Mono<Void> completed(String tenant, String key, Recording response) {
		if (!isSuccess(response)) {
			// Released when the answer was committed (before: see first). Not again
			// here: a retry may hold the key by now.
			return Mono.empty();
		}
		HttpStatusCode status = (response.getStatusCode() != null) ? response.getStatusCode() : HttpStatus.OK;
		MediaType type = response.getHeaders().getContentType();
		byte[] stored = response.stored();
		return (stored != null)
				? this.records.complete(tenant, key, "replayable", status.value(),
						(type != null) ? type.toString() : null, stored, this.clock.instant())
				: this.records.complete(tenant, key, "streamed", status.value(), null, null, this.clock.instant());
	}

	/** A repeat: replay the stored answer, or say why not. */
	private Mono<Void> repeat(ServerWebExchange exchange, String tenant, String key, String hash) {
		// Optional first: the answers below complete empty, which must not count as a
		// missing row.
		return this.records.find(tenant, key).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((found) -> {
			if (found.isEmpty()) {
				return refuse(exchange,
						conflict("The request with this " + HEADER + " just ended without an answer. Try again."));
			}
			IdempotencyRecords.Stored stored = found.get();
			if (!stored.requestHash().equals(hash)) {
				return refuse(exchange,
						refusal(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
								"Idempotency key reused", "This " + HEADER + " was used with a different request. "
										+ "Use a new key for a new request."));
			}
			return switch (stored.state()) {
				case "replayable" -> replay(exchange, stored);
				case "running" -> refuse(exchange, conflict("A request with this " + HEADER
						+ " is still running. Wait for its answer; a repeat after it completes gets the same answer."));
				case "cancelled" -> refuse(exchange, conflict("The request with this " + HEADER
						+ " was cancelled before it completed and may have been charged. Use a new key to ask again."));
				default -> refuse(exchange, conflict("The answer for this " + HEADER
						+ " was streamed already and cannot be replayed. Use a new key to ask again."));
			};
		});
	}

	private Mono<Void> replay(ServerWebExchange exchange, IdempotencyRecords.Stored stored) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf((stored.status() != null) ? stored.status() : 200));
		if (stored.contentType() != null) {
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, stored.contentType());
		}
		response.getHeaders().set(REPLAYED, "true");
		byte[] body = (stored.body() != null) ? stored.body() : new byte[0];
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	Mono<Void> forgetExpiredKeys() {
		return this.records.forgetCompletedBefore(this.clock.instant().minus(this.settings.keepFor()))
			.onErrorResume((failure) -> {
				log.warn("Could not forget expired idempotency keys: {}", failure.getMessage());
				return Mono.empty();
			})
			.then();
	}

	private static ErrorResponseException conflict(String detail) {
		return refusal(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_CONFLICT, "Idempotency conflict", detail);
	}

	private static ErrorResponseException refusal(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(type);
		body.setTitle(title);
		return new ErrorResponseException(status, body, null);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, ErrorResponseException refusal) {
		Problem problem = this.problems.of(refusal);
		String path = exchange.getRequest().getPath().value();
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(refusal.getStatusCode());
		Object body;
		if (path.startsWith("/v1/")) {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			body = this.problems.openAiError(problem, refusal);
		}
		else {
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), URI.create(path));
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(this.json.writeValueAsBytes(body))));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** Method, path and body: what makes two requests the same request. */
	private static String hash(ServerHttpRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod().name() + " " + request.getPath().value() + "\n")
				.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	/**
	 * Passes the answer through, keeping a copy of a whole body (not of a stream) up to a
	 * size.
	 */
	private static final class Recording extends ServerHttpResponseDecorator {

		private final int maxStoredBytes;

		private byte @Nullable [] stored;

		Recording(ServerHttpResponse delegate, int maxStoredBytes) {
			super(delegate);
			this.maxStoredBytes = maxStoredBytes;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return DataBufferUtils.join(body).flatMap((joined) -> {
				byte[] bytes = bytes(joined);
				this.stored = (bytes.length <= this.maxStoredBytes) ? bytes : null;
				return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
			});
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			this.stored = null;
			return super.writeAndFlushWith(body);
		}

		byte @Nullable [] stored() {
			return this.stored;
		}

	}

}
