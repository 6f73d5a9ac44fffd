package banyan.gateway.identity;

import java.net.URI;
import java.time.Duration;

import banyan.contracts.identity.AccessTokenClaims;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Edge authentication settings ({@code banyan.gateway.auth.*}).
 *
 * @param internalToken the bearer token the gateway presents to app-legacy's
 * {@code /internal/**} ({@code BANYAN_INTERNAL_TOKEN}, the same value app-legacy has)
 * @param keyCacheTtl how long an introspected API key is remembered: a revoked key keeps
 * working at most this long
 * @param introspectionTimeout how long an introspection may take before the request is
 * answered 503
 * @param issuer the issuer access tokens must name
 * @param jwksUri where app-legacy publishes its signing keys; by default its
 * {@code /oauth2/jwks}
 */
@ConfigurationProperties("banyan.gateway.auth")
public record AuthSettings(@Nullable String internalToken, @DefaultValue("30s") Duration keyCacheTtl,
		@DefaultValue("3s") Duration introspectionTimeout,
		@DefaultValue(AccessTokenClaims.DEFAULT_ISSUER) String issuer, @Nullable URI jwksUri) {

	URI jwksUri(URI legacyUri) {
		return (this.jwksUri != null) ? this.jwksUri : legacyUri.resolve(AccessTokenClaims.JWKS_PATH);
	}

}
