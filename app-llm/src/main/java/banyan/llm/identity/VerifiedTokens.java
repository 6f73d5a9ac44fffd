package banyan.llm.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers the access tokens a decoder has verified, each until it expires. The gateway
 * sends one token with every request of an API key until the token's end, and checking
 * its RS256 signature again on each request was about a tenth of a streamed request's CPU
 * in app-llm. Only the exact token string that was verified is remembered; a token
 * without an expiry, or one that failed, never is. A signing key withdrawn from the JWKS
 * therefore stops its tokens at their expiry rather than at once, which is the token
 * lifetime app-legacy issues anyway (ADR 7).
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	VerifiedTokens(ReactiveJwtDecoder decoder, int size, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(size)
			.expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt)))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null && isLive(known)) {
			return Mono.just(known);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> {
			if (isLive(jwt)) {
				this.verified.put(token, jwt);
			}
		});
	}

	private boolean isLive(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && expiresAt.isAfter(this.clock.instant());
	}

	private Duration lifetime(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return (expiresAt != null) ? Duration.between(this.clock.instant(), expiresAt) : Duration.ZERO;
	}

}
