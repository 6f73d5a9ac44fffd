package banyan.llm.identity;

import java.net.URI;

import banyan.contracts.identity.AccessTokenClaims;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where access tokens come from ({@code banyan.llm.identity.*}).
 *
 * @param jwksUri app-legacy's published signing keys
 * @param issuer the issuer every token must name
 * @param internalToken the bearer token the back office presents on {@code /internal/**}
 * ({@code BANYAN_INTERNAL_TOKEN}, shared by the three applications); when empty, those
 * endpoints refuse everyone
 * @param verifiedTokenCacheSize how many verified tokens are remembered until they
 * expire, so a token's signature is checked once, not on every request
 */
@ConfigurationProperties("banyan.llm.identity")
record IdentitySettings(@DefaultValue("http://localhost:8081/oauth2/jwks") URI jwksUri,
		@DefaultValue(AccessTokenClaims.DEFAULT_ISSUER) String issuer, @Nullable String internalToken,
		@DefaultValue("10000") int verifiedTokenCacheSize) {
}
