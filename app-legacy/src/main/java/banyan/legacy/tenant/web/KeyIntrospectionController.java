package banyan.legacy.tenant.web;

import java.time.Clock;

import banyan.contracts.identity.KeyIntrospection;
import banyan.legacy.tenant.ApiKey;
import banyan.legacy.tenant.ApiKeys;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Turns an API key into its claims for the gateway. Internal: never routed by the
 * gateway, and only for the gateway's service identity or an administrator.
 */
@RestController
class KeyIntrospectionController {

	private static final int MAX_KEY_LENGTH = 200;

	private final ApiKeys keys;

	private final Clock clock;

	KeyIntrospectionController(ApiKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	@PostMapping("/internal/keys/introspect")
	KeyIntrospection introspect(@RequestBody KeyIntrospection.Request request) {
		if (request.key() == null || request.key().isBlank() || request.key().length() > MAX_KEY_LENGTH) {
			return KeyIntrospection.inactive();
		}
		return this.keys.findBySecretHash(ApiKey.hash(request.key()))
			.map((key) -> key.introspect(this.clock.instant()))
			.orElseGet(KeyIntrospection::inactive);
	}

}
