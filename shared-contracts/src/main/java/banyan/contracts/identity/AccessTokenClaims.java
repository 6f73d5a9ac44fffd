package banyan.contracts.identity;

/**
 * The names in the access tokens app-legacy signs for API keys (JWT, {@code RS256}, keys
 * published at app-legacy's {@code /oauth2/jwks}). Besides these: {@code iss},
 * {@code sub} ({@code key:<id>}), {@code aud}, {@code iat}, {@code nbf}, {@code exp} and
 * {@code jti}.
 */
public final class AccessTokenClaims {

	/** The tenant the key belongs to (a string). */
	public static final String TENANT = "tenant";

	/** The key's id (a string). */
	public static final String KEY_ID = "key_id";

	/** The model aliases the key may use (an array; empty means all). */
	public static final String MODELS = "models";

	/** The key's rate-limit tier (a string). */
	public static final String RATE_TIER = "rate_tier";

	/** The data domains the key may retrieve from (an array; empty means none). */
	public static final String DATA_DOMAINS = "data_domains";

	/**
	 * The spending limits (an object of decimal strings, see {@link Budgets}; absent or
	 * empty means none).
	 */
	public static final String BUDGETS = "budgets";

	/**
	 * What app-llm does with a prompt taken for an attack: {@code block} or {@code flag}
	 * (a string, see {@link GuardrailAction}; absent means block).
	 */
	public static final String GUARDRAILS = "guardrails";

	/** The audience app-llm requires. */
	public static final String AUDIENCE_LLM = "banyan-llm";

	/** The audience app-legacy requires on its own API. */
	public static final String AUDIENCE_LEGACY = "banyan-legacy";

	/** The issuer when none is configured. */
	public static final String DEFAULT_ISSUER = "banyan-legacy";

	/** Where app-legacy publishes its signing keys. */
	public static final String JWKS_PATH = "/oauth2/jwks";

	private AccessTokenClaims() {
	}

}
