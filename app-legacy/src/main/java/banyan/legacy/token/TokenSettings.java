package banyan.legacy.token;

import java.time.Duration;

import banyan.contracts.identity.AccessTokenClaims;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access-token settings ({@code banyan.security.tokens.*}).
 *
 * @param issuer the {@code iss} of every token
 * @param ttl how long a token is valid
 * @param rotationPeriod how old the active signing key may get before a new one replaces
 * it
 */
@ConfigurationProperties("banyan.security.tokens")
public record TokenSettings(@DefaultValue(AccessTokenClaims.DEFAULT_ISSUER) String issuer,
		@DefaultValue("5m") Duration ttl, @DefaultValue("30d") Duration rotationPeriod) {

	/**
	 * How long a retired key stays published: until the last token it signed has expired,
	 * with room for clock skew and for a replica that has not yet seen the rotation.
	 */
	Duration publishedAfterRetirement() {
		return this.ttl.plus(SigningKeys.ACTIVE_KEY_REFRESH).plusMinutes(1);
	}

}
