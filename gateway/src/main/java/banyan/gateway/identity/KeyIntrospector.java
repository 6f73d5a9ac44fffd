package banyan.gateway.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import banyan.contracts.identity.KeyIntrospection;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Asks app-legacy what an API key stands for, and remembers the answer (keyed by the
 * key's SHA-256, never the key) for the cache TTL, or until shortly before the access
 * token in it expires if that is sooner. Failed calls are not remembered.
 */
class KeyIntrospector {

	private static final Logger log = LoggerFactory.getLogger(KeyIntrospector.class);

	/** A cached token always has at least this long left when it is forwarded. */
	private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

	private final WebClient legacy;

	private final AuthSettings settings;

	private final AsyncCache<String, KeyIntrospection> answers;

	private final String path;

	private final Function<String, Object> body;

	KeyIntrospector(WebClient.Builder builder, URI legacyUri, AuthSettings settings) {
		this(builder, legacyUri, settings, "/internal/keys/introspect", KeyIntrospection.Request::new);
	}

	/**
	 * An introspector of another kind of credential.
	 * @param path app-legacy's endpoint
	 * @param body the request body for a credential
	 */
	KeyIntrospector(WebClient.Builder builder, URI legacyUri, AuthSettings settings, String path,
			Function<String, Object> body) {
		this.legacy = builder.baseUrl(legacyUri.toString()).build();
		this.settings = settings;
		this.path = path;
		this.body = body;
		this.answers = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfter(Expiry.creating((String key, KeyIntrospection answer) -> lifetime(answer)))
			.buildAsync();
	}

	/**
	 * The answer for the key: active with a token, or inactive. A caller that gives up
	 * cancels only its own view of the shared call, which goes on for the others (and its
	 * late failure is nobody's error).
	 */
	Mono<KeyIntrospection> introspect(String key) {
		return Mono.fromFuture(() -> this.answers.get(hash(key), (hash, executor) -> call(key).toFuture())
			.thenApply(Function.identity()), false);
	}

	private Mono<KeyIntrospection> call(String key) {
		if (!StringUtils.hasText(this.settings.internalToken())) {
			log.error("BANYAN_INTERNAL_TOKEN is not set: the gateway cannot ask app-legacy about API keys");
			return Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE));
		}
		return this.legacy.post()
			.uri(this.path)
			.headers((headers) -> headers.setBearerAuth(this.settings.internalToken()))
			.bodyValue(this.body.apply(key))
			.retrieve()
			.bodyToMono(KeyIntrospection.class)
			// Once more when the connection broke before any answer (a pooled one that
			// app-legacy closed as it was reused): asking changes nothing there.
			.retryWhen(Retry.max(1)
				.filter(WebClientRequestException.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.timeout(this.settings.introspectionTimeout())
			// app-legacy's trouble, not the client's: it cannot say now.
			.onErrorMap(
					(failure) -> failure instanceof WebClientRequestException || failure instanceof TimeoutException,
					(failure) -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
							"app-legacy cannot be asked about the credential right now", failure))
			.onErrorMap(WebClientResponseException.class, (failure) -> {
				log.error(
						"app-legacy refused the key introspection with {}; is BANYAN_INTERNAL_TOKEN the same in both?",
						failure.getStatusCode());
				return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE);
			});
	}

	private Duration lifetime(KeyIntrospection answer) {
		Duration ttl = this.settings.keyCacheTtl();
		if (answer.active() && answer.tokenExpiresAt() != null) {
			Duration tokenLeft = Duration.between(Instant.now(), answer.tokenExpiresAt()).minus(TOKEN_MARGIN);
			if (tokenLeft.compareTo(ttl) < 0) {
				return tokenLeft.isNegative() ? Duration.ZERO : tokenLeft;
			}
		}
		return ttl;
	}

	private static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
