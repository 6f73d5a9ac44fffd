package banyan.legacy.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.contracts.identity.GuardrailAction;
import banyan.contracts.identity.KeyIntrospection;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Issues the access tokens that stand for an API key behind the gateway, and verifies
 * them when they come back to app-legacy's own API.
 */
@Component
public class AccessTokens {

	private final SigningKeys keys;

	private final TokenSettings settings;

	private final Clock clock;

	AccessTokens(SigningKeys keys, TokenSettings settings, Clock clock) {
		this.keys = keys;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The claims of an active key with a token that carries them, valid for the
	 * configured TTL but never past the key's own expiry. An inactive answer is returned
	 * unchanged.
	 */
	public KeyIntrospection withToken(KeyIntrospection claims) {
		if (!claims.active()) {
			return claims;
		}
		// A JWT counts in whole seconds.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiry = now.plus(this.settings.ttl());
		if (claims.expiresAt() != null && claims.expiresAt().isBefore(expiry)) {
			expiry = claims.expiresAt().truncatedTo(ChronoUnit.SECONDS);
		}
		SigningKey key = this.keys.active();
		JWTClaimsSet body = new JWTClaimsSet.Builder().issuer(this.settings.issuer())
			.subject("key:" + claims.keyId())
			.audience(List.of(AccessTokenClaims.AUDIENCE_LLM, AccessTokenClaims.AUDIENCE_LEGACY))
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(expiry))
			.jwtID(UUID.randomUUID().toString())
			.claim(AccessTokenClaims.TENANT, claims.tenant())
			.claim(AccessTokenClaims.KEY_ID, claims.keyId())
			.claim(AccessTokenClaims.MODELS, claims.allowedModels())
			.claim(AccessTokenClaims.RATE_TIER, claims.rateTier())
			.claim(AccessTokenClaims.DATA_DOMAINS, claims.dataDomains())
			.claim(AccessTokenClaims.BUDGETS, (claims.budgets() != null) ? claims.budgets().toClaim() : Map.of())
			.claim(AccessTokenClaims.GUARDRAILS, GuardrailAction.fromClaim(claims.guardrails()).claim())
			.build();
		SignedJWT token = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(JOSEObjectType.JWT).build(), body);
		try {
			token.sign(new RSASSASigner(key.signingKey()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing an access token failed", ex);
		}
		return claims.withToken(token.serialize(), expiry);
	}

	/**
	 * Verifies tokens for app-legacy's own API: {@code RS256} with a published key, the
	 * configured issuer, the audience {@code banyan-legacy}, inside their validity.
	 */
	public JwtDecoder decoder() {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
				(selector, context) -> selector.select(this.keys.published())));
		// Spring's validators below check the claims.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(this.settings.issuer()),
				new JwtClaimValidator<List<String>>("aud",
						(audience) -> audience != null && audience.contains(AccessTokenClaims.AUDIENCE_LEGACY))));
		return decoder;
	}

}
