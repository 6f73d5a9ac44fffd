package banyan.llm.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The model catalog ({@code banyan.llm.models.<alias>.*}).
 *
 * @param models each model by the alias clients send as {@code model}
 */
@ConfigurationProperties("banyan.llm")
record CatalogSettings(Map<String, ModelSettings> models) {

	CatalogSettings {
		models = (models != null) ? Map.copyOf(models) : Map.of();
	}

	/**
	 * One model alias.
	 *
	 * @param targets where to send requests, in order of preference: later targets are
	 * fallbacks
	 * @param contextWindow the most tokens prompt and answer may have together
	 * @param inputPricePerMillion price per million prompt tokens, in the catalog's
	 * currency
	 * @param outputPricePerMillion price per million answer tokens, in the catalog's
	 * currency
	 * @param capabilities what the model can do, such as {@code streaming} or
	 * {@code tools}
	 */
	record ModelSettings(List<TargetSettings> targets, @DefaultValue("8192") int contextWindow,
			@DefaultValue("0") BigDecimal inputPricePerMillion, @DefaultValue("0") BigDecimal outputPricePerMillion,
			@DefaultValue("streaming") Set<String> capabilities) {
	}

	/**
	 * One target of a model.
	 *
	 * @param provider the name of a provider under {@code banyan.llm.providers}
	 * @param model the provider's own name of the model
	 */
	record TargetSettings(String provider, String model) {
	}

}
