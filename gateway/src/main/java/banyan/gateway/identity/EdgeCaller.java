package banyan.gateway.identity;

import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who an authenticated LLM request comes from, as the gateway learnt it: from the key's
 * introspection or from the verified access token.
 *
 * @param tenant the tenant
 * @param keyId the API key's id
 * @param rateTier the key's rate-limit tier; {@code null} when the credential names none
 */
public record EdgeCaller(String tenant, String keyId, @Nullable String rateTier) {

	private static final String ATTRIBUTE = EdgeCaller.class.getName();

	/** The caller of an exchange that edge authentication let through. */
	public static @Nullable EdgeCaller of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	void attachTo(ServerWebExchange exchange) {
		exchange.getAttributes().put(ATTRIBUTE, this);
	}

}
