package banyan.llm.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/**
 * A model clients can ask for.
 *
 * @param alias the name clients send as {@code model}
 * @param targets where requests go, in order of preference; never empty
 * @param contextWindow the most tokens prompt and answer may have together
 * @param inputPricePerMillion price per million prompt tokens
 * @param outputPricePerMillion price per million answer tokens
 * @param capabilities what the model can do
 */
public record Model(String alias, List<Target> targets, int contextWindow, BigDecimal inputPricePerMillion,
		BigDecimal outputPricePerMillion, Set<String> capabilities) {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	public Model {
		if (targets.isEmpty()) {
			throw new IllegalArgumentException("Model '" + alias + "' has no targets");
		}
		targets = List.copyOf(targets);
		capabilities = Set.copyOf(capabilities);
	}

	/** What an answer with these token counts costs, at this model's prices. */
	public BigDecimal cost(long inputTokens, long outputTokens) {
		return this.inputPricePerMillion.multiply(BigDecimal.valueOf(inputTokens))
			.add(this.outputPricePerMillion.multiply(BigDecimal.valueOf(outputTokens)))
			.divide(MILLION, 8, RoundingMode.HALF_UP)
			.stripTrailingZeros();
	}

	/**
	 * One place a model's requests can go.
	 *
	 * @param provider the provider's name
	 * @param model the provider's own name of the model
	 */
	public record Target(String provider, String model) {
	}

}
