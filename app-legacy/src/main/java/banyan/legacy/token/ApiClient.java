package banyan.legacy.token;

import java.util.List;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.legacy.tenant.TenantMember;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A client of the LLM API acting on app-legacy's API through its access token (for
 * instance a server-side tool in app-llm acting for it). Its role is {@code CLIENT}.
 *
 * @param tenantId the tenant of its API key
 * @param keyId the id of its API key
 */
public record ApiClient(String tenantId, String keyId) implements TenantMember {

	/** Turns a verified access token into the authentication of its API client. */
	public static AbstractAuthenticationToken authenticate(Jwt token) {
		ApiClient client = new ApiClient(token.getClaimAsString(AccessTokenClaims.TENANT),
				token.getClaimAsString(AccessTokenClaims.KEY_ID));
		return UsernamePasswordAuthenticationToken.authenticated(client, token,
				List.of(new SimpleGrantedAuthority("ROLE_CLIENT")));
	}

}
