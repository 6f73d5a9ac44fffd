package banyan.llm.identity;

import java.net.URI;

import banyan.contracts.identity.AccessTokenClaims;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where access tokens come from ({@code banyan.llm.identity.*}).
 *
 * @param jwksUri app-legacy's published signing keys
 * @param issuer the issuer every token must name
 */
@ConfigurationProperties("banyan.llm.identity")
record IdentitySettings(@DefaultValue("http://localhost:8081/oauth2/jwks") URI jwksUri,
		@DefaultValue(AccessTokenClaims.DEFAULT_ISSUER) String issuer) {
}
