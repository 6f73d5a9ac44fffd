package banyan.legacy.token.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import banyan.contracts.identity.Budgets;
import banyan.contracts.identity.KeyIntrospection;
import banyan.contracts.identity.StaffCredential;
import banyan.legacy.kb.Articles;
import banyan.legacy.token.AccessTokens;
import banyan.legacy.user.SignedInUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The identity bridge for migrated back-office endpoints (ADR 14): turns a staff member's
 * own HTTP Basic credential, as the gateway received it, into an access token for app-llm
 * in the member's tenant, over all of the tenant's data domains (a staff member's search
 * covers the whole tenant). The credential is checked exactly as the REST API checks it;
 * anything that does not authenticate is an inactive answer, which does not say why.
 * Internal: never routed by the gateway, and only for the gateway's service identity.
 */
@RestController
class StaffTokenController {

	/** The prefix of the key id a staff member's token carries. */
	static final String STAFF = "staff:";

	/** No chat model: the token is for the back office's own endpoints in app-llm. */
	static final List<String> NO_MODELS = List.of("-");

	private static final int MAX_CREDENTIAL_LENGTH = 1024;

	private final AuthenticationProvider passwords;

	private final UserDetailsService users;

	private final CheckedCredentials checked = new CheckedCredentials();

	private final Articles articles;

	private final AccessTokens tokens;

	StaffTokenController(UserDetailsService users, PasswordEncoder encoder, Articles articles, AccessTokens tokens) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(encoder);
		this.passwords = provider;
		this.users = users;
		this.articles = articles;
		this.tokens = tokens;
	}

	@PostMapping("/internal/staff/access-token")
	KeyIntrospection accessToken(@RequestBody StaffCredential credential) {
		String[] basic = basic(credential.authorization());
		if (basic == null) {
			return KeyIntrospection.inactive();
		}
		try {
			SignedInUser user = authenticate(basic[0], basic[1]);
			if (user == null) {
				return KeyIntrospection.inactive();
			}
			KeyIntrospection claims = new KeyIntrospection(true, user.tenantId(), STAFF + user.username(), NO_MODELS,
					"staff", this.articles.findDataDomainsByTenantId(user.tenantId()), Budgets.none(), null, null, null,
					null);
			return this.tokens.withToken(claims);
		}
		catch (AuthenticationException refused) {
			return KeyIntrospection.inactive();
		}
	}

	/**
	 * The member, checked as the REST API checks it; a credential checked lately is not
	 * hashed again while the account's password is the same and the account may sign in.
	 */
	private @Nullable SignedInUser authenticate(String username, String password) {
		UserDetails account;
		try {
			account = this.users.loadUserByUsername(username);
		}
		catch (UsernameNotFoundException unknown) {
			account = null;
		}
		if (account instanceof SignedInUser user && user.isEnabled() && user.isAccountNonLocked()
				&& user.isAccountNonExpired() && user.isCredentialsNonExpired()
				&& this.checked.matches(username, password, user)) {
			return user;
		}
		var authenticated = this.passwords
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		if (authenticated == null || !(authenticated.getPrincipal() instanceof SignedInUser user)) {
			return null;
		}
		this.checked.remember(username, password, user);
		return user;
	}

	/**
	 * User name and password of an {@code Authorization: Basic} value; null otherwise.
	 */
	private static String @Nullable [] basic(@Nullable String authorization) {
		if (authorization == null || authorization.length() > MAX_CREDENTIAL_LENGTH
				|| !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon > 0) ? new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) } : null;
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

}
