package banyan.legacy.token.web;

import java.time.Clock;

import banyan.contracts.identity.KeyIntrospection;
import banyan.legacy.tenant.ApiKey;
import banyan.legacy.tenant.ApiKeys;
import banyan.legacy.tenant.Tenants;
import banyan.legacy.token.AccessTokens;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Turns an API key into its claims and a signed access token carrying them, for the
 * gateway. Internal: never routed by the gateway, and only for the gateway's service
 * identity or an administrator.
 */
@RestController
class KeyIntrospectionController {

	private static final int MAX_KEY_LENGTH = 200;

	private final ApiKeys keys;

	private final Tenants tenants;

	private final AccessTokens tokens;

	private final Clock clock;

	KeyIntrospectionController(ApiKeys keys, Tenants tenants, AccessTokens tokens, Clock clock) {
		this.keys = keys;
		this.tenants = tenants;
		this.tokens = tokens;
		this.clock = clock;
	}

	@PostMapping("/internal/keys/introspect")
	KeyIntrospection introspect(@RequestBody KeyIntrospection.Request request) {
		if (request.key() == null || request.key().isBlank() || request.key().length() > MAX_KEY_LENGTH) {
			return KeyIntrospection.inactive();
		}
		return this.keys.findBySecretHash(ApiKey.hash(request.key()))
			.flatMap((key) -> this.tenants.findById(key.tenantId())
				.map((tenant) -> this.tokens.withToken(key.introspect(tenant, this.clock.instant()))))
			.orElseGet(KeyIntrospection::inactive);
	}

}
