package banyan.contracts.identity;

import java.util.Locale;

/**
 * What app-llm does with a prompt its guardrails take for an attack, set per tenant in
 * the back office and carried in the access token's {@code guardrails} claim.
 */
public enum GuardrailAction {

	/** Refuse the request (the default). */
	BLOCK,

	/** Let it through, but count and log it. */
	FLAG;

	/** The claim's value. */
	public String claim() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The action a claim names; {@link #BLOCK} when {@code null} or unknown. */
	public static GuardrailAction fromClaim(String claim) {
		return "flag".equalsIgnoreCase(claim) ? FLAG : BLOCK;
	}

}
