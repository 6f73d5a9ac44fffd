package banyan.llm.identity;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * app-legacy's published signing keys, fetched once for all requests: concurrent requests
 * share one fetch, the set is kept for {@link #MAX_AGE}, a failed fetch is not kept, and
 * a token naming a {@code kid} the set lacks (a rotation) fetches again, at most every
 * {@link #MIN_REFRESH}.
 */
final class PublishedKeys implements Function<SignedJWT, Flux<JWK>> {

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	static final Duration MIN_REFRESH = Duration.ofSeconds(10);

	private final WebClient client;

	private final URI uri;

	private final AtomicLong lastFetch = new AtomicLong();

	private volatile Mono<JWKSet> keys;

	PublishedKeys(WebClient client, URI uri) {
		this.client = client;
		this.uri = uri;
		this.keys = fetch();
	}

	@Override
	public Flux<JWK> apply(SignedJWT token) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(token.getHeader()));
		return this.keys.flatMapMany((set) -> {
			List<JWK> found = selector.select(set);
			if (!found.isEmpty()) {
				return Flux.fromIterable(found);
			}
			return refresh().flatMapMany((fresh) -> Flux.fromIterable(selector.select(fresh)));
		});
	}

	private Mono<JWKSet> refresh() {
		long now = System.nanoTime();
		long last = this.lastFetch.get();
		if (now - last >= MIN_REFRESH.toNanos() && this.lastFetch.compareAndSet(last, now)) {
			this.keys = fetch();
		}
		return this.keys;
	}

	private Mono<JWKSet> fetch() {
		this.lastFetch.set(System.nanoTime());
		return this.client.get()
			.uri(this.uri)
			.retrieve()
			.bodyToMono(String.class)
			.map(PublishedKeys::parse)
			.cache((set) -> MAX_AGE, (failure) -> Duration.ZERO, () -> Duration.ZERO);
	}

	private static JWKSet parse(String body) {
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("app-legacy's JWKS is not a JWK set", ex);
		}
	}

}
