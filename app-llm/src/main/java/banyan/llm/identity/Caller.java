package banyan.llm.identity;

import java.util.List;
import java.util.Map;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.contracts.identity.Budgets;
import banyan.contracts.identity.GuardrailAction;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The client behind a request, from its verified access token.
 *
 * @param tenant the tenant whose data the request may see
 * @param keyId the API key the token was issued for
 * @param allowedModels the model aliases it may use; empty means all
 * @param rateTier its rate-limit tier
 * @param dataDomains the data domains it may retrieve from
 * @param budgets the spending limits of the key and its tenant
 * @param guardrails what to do with a prompt taken for an attack (the tenant's setting)
 * @param accessToken the token itself, for acting on the caller's behalf towards
 * app-legacy
 */
public record Caller(String tenant, String keyId, List<String> allowedModels, String rateTier, List<String> dataDomains,
		Budgets budgets, GuardrailAction guardrails, String accessToken) {

	public Caller {
		allowedModels = List.copyOf(allowedModels);
		dataDomains = List.copyOf(dataDomains);
	}

	static Caller of(Jwt token) {
		return new Caller(required(token, AccessTokenClaims.TENANT), required(token, AccessTokenClaims.KEY_ID),
				list(token, AccessTokenClaims.MODELS), orEmpty(token.getClaimAsString(AccessTokenClaims.RATE_TIER)),
				list(token, AccessTokenClaims.DATA_DOMAINS), budgets(token),
				GuardrailAction.fromClaim(token.getClaimAsString(AccessTokenClaims.GUARDRAILS)), token.getTokenValue());
	}

	/**
	 * Refuses a model the caller's key does not allow.
	 * @throws ModelNotAllowed if the key lists allowed models and this is not one
	 */
	public void requireModel(String alias) {
		if (!mayUse(alias)) {
			throw new ModelNotAllowed(alias);
		}
	}

	public boolean mayUse(String alias) {
		return this.allowedModels.isEmpty() || this.allowedModels.contains(alias);
	}

	@Override
	public String toString() {
		return "Caller[tenant=" + this.tenant + ", key=" + this.keyId + "]";
	}

	private static String required(Jwt token, String claim) {
		String value = token.getClaimAsString(claim);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("The access token has no '" + claim + "' claim");
		}
		return value;
	}

	private static Budgets budgets(Jwt token) {
		Map<String, Object> claim = token.getClaimAsMap(AccessTokenClaims.BUDGETS);
		try {
			return (claim != null) ? Budgets.fromClaim(claim) : Budgets.none();
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"The access token's '" + AccessTokenClaims.BUDGETS + "' claim is malformed");
		}
	}

	private static List<String> list(Jwt token, String claim) {
		List<String> values = token.getClaimAsStringList(claim);
		return (values != null) ? values : List.of();
	}

	private static String orEmpty(@org.jspecify.annotations.Nullable String value) {
		return (value != null) ? value : "";
	}

}
