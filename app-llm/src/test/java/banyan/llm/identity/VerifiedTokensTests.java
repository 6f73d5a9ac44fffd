package banyan.llm.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A verified token is verified once, is remembered only until its expiry, and a token
 * that failed, or another token, is never answered from memory.
 */
class VerifiedTokensTests {

	Instant now = Instant.parse("2026-12-02T12:00:00Z");

	final Clock clock = new Clock() {

		@Override
		public Instant instant() {
			return VerifiedTokensTests.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	};

	final AtomicInteger verifications = new AtomicInteger();

	/** Verifies "good-…" tokens, valid for five minutes from now; refuses the rest. */
	final ReactiveJwtDecoder decoder = (token) -> Mono.defer(() -> {
		this.verifications.incrementAndGet();
		if (!token.startsWith("good-")) {
			return Mono.error(new BadJwtException("bad signature"));
		}
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject(token)
			.issuedAt(this.now)
			.expiresAt(this.now.plus(Duration.ofMinutes(5)))
			.build());
	});

	final VerifiedTokens tokens = new VerifiedTokens(this.decoder, 100, this.clock);

	@Test
	void checksATokensSignatureOnceUntilItExpires() {
		Jwt first = this.tokens.decode("good-a").block();
		Jwt again = this.tokens.decode("good-a").block();
		assertThat(again).isSameAs(first);
		assertThat(this.verifications).hasValue(1);
		this.tokens.decode("good-b").block();
		assertThat(this.verifications).as("another token is verified on its own").hasValue(2);
	}

	@Test
	void verifiesAgainOnceTheTokenHasExpired() {
		Jwt first = this.tokens.decode("good-a").block();
		this.now = this.now.plus(Duration.ofMinutes(5));
		// The decoder decides now (its validator allows for clock skew, or refuses).
		Jwt later = this.tokens.decode("good-a").block();
		assertThat(this.verifications).hasValue(2);
		assertThat(later).isNotSameAs(first);
	}

	@Test
	void neverRemembersARefusal() {
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> this.tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
		}
		assertThat(this.verifications).hasValue(3);
	}

}
