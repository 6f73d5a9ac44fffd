package banyan.contracts.identity;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of app-legacy's key introspection ({@code POST /internal/keys/introspect}),
 * after RFC 7662. An inactive answer carries nothing else, and does not say why the key
 * is inactive.
 *
 * @param active whether the key is known, not revoked and not expired
 * @param tenant the tenant the key belongs to; {@code null} when inactive
 * @param keyId the key's id; {@code null} when inactive
 * @param allowedModels the model aliases the key may use; empty means all
 * @param rateTier the rate-limit tier; {@code null} when inactive
 * @param dataDomains the data domains the key may retrieve from; empty means none
 * @param budgets the spending limits of the key and its tenant; {@code null} when
 * inactive
 * @param expiresAt when the key stops working; {@code null} if it does not expire or is
 * inactive
 * @param token a short-lived access token (a JWT signed by app-legacy) carrying these
 * claims, which the gateway forwards instead of the key; {@code null} when inactive
 * @param tokenExpiresAt when the token expires; {@code null} when inactive
 * @param guardrails what app-llm does with a prompt taken for an attack ({@code block} or
 * {@code flag}, see {@link GuardrailAction}); {@code null} when inactive
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyIntrospection(boolean active, String tenant, String keyId, List<String> allowedModels, String rateTier,
		List<String> dataDomains, Budgets budgets, Instant expiresAt, String token, Instant tokenExpiresAt,
		String guardrails) {

	public static KeyIntrospection inactive() {
		return new KeyIntrospection(false, null, null, List.of(), null, List.of(), null, null, null, null, null);
	}

	/** These claims with the access token that carries them. */
	public KeyIntrospection withToken(String token, Instant tokenExpiresAt) {
		return new KeyIntrospection(this.active, this.tenant, this.keyId, this.allowedModels, this.rateTier,
				this.dataDomains, this.budgets, this.expiresAt, token, tokenExpiresAt, this.guardrails);
	}

	/** These claims with the spending limits of the key and its tenant. */
	public KeyIntrospection withBudgets(Budgets budgets) {
		return new KeyIntrospection(this.active, this.tenant, this.keyId, this.allowedModels, this.rateTier,
				this.dataDomains, budgets, this.expiresAt, this.token, this.tokenExpiresAt, this.guardrails);
	}

	/**
	 * The request body.
	 *
	 * @param key the API key as the client sent it
	 */
	public record Request(String key) {
	}

}
