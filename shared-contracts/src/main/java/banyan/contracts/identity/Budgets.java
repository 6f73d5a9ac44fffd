package banyan.contracts.identity;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The spending limits that apply to requests made with an API key, in the currency of the
 * model catalog's prices. A {@code null} limit means no limit. Days and months are UTC
 * calendar periods.
 *
 * @param tenantDaily the most the whole tenant may spend in a day
 * @param tenantMonthly the most the whole tenant may spend in a month
 * @param keyDaily the most this key may spend in a day
 * @param keyMonthly the most this key may spend in a month
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Budgets(BigDecimal tenantDaily, BigDecimal tenantMonthly, BigDecimal keyDaily, BigDecimal keyMonthly) {

	/** The claim's member names, in {@link AccessTokenClaims#BUDGETS}. */
	public static final String TENANT_DAILY = "tenant_daily";

	public static final String TENANT_MONTHLY = "tenant_monthly";

	public static final String KEY_DAILY = "key_daily";

	public static final String KEY_MONTHLY = "key_monthly";

	/** No limits at all. */
	public static Budgets none() {
		return new Budgets(null, null, null, null);
	}

	/**
	 * The limits as the token claim carries them: an object with a decimal string per
	 * limit that is set.
	 */
	public Map<String, String> toClaim() {
		Map<String, String> claim = new LinkedHashMap<>();
		put(claim, TENANT_DAILY, this.tenantDaily);
		put(claim, TENANT_MONTHLY, this.tenantMonthly);
		put(claim, KEY_DAILY, this.keyDaily);
		put(claim, KEY_MONTHLY, this.keyMonthly);
		return claim;
	}

	/**
	 * The limits from the token claim.
	 * @throws NumberFormatException if a member is not a decimal number
	 */
	public static Budgets fromClaim(Map<String, ?> claim) {
		return new Budgets(get(claim, TENANT_DAILY), get(claim, TENANT_MONTHLY), get(claim, KEY_DAILY),
				get(claim, KEY_MONTHLY));
	}

	private static void put(Map<String, String> claim, String name, BigDecimal limit) {
		if (limit != null) {
			claim.put(name, limit.stripTrailingZeros().toPlainString());
		}
	}

	private static BigDecimal get(Map<String, ?> claim, String name) {
		Object value = claim.get(name);
		return (value != null) ? new BigDecimal(value.toString()) : null;
	}

}
