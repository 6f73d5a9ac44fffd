package banyan.llm.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import banyan.llm.provider.Providers;

import org.springframework.stereotype.Component;

/**
 * The models clients can ask for, from configuration. Checked at start: every target
 * names a configured provider, so a typo fails the start rather than a request.
 */
@Component
public class ModelCatalog {

	private final Map<String, Model> models = new TreeMap<>();

	ModelCatalog(CatalogSettings settings, Providers providers) {
		settings.models().forEach((alias, model) -> {
			var targets = model.targets().stream().map((target) -> {
				if (!providers.names().contains(target.provider())) {
					throw new IllegalStateException("Model '" + alias + "' targets provider '" + target.provider()
							+ "', which is not configured under banyan.llm.providers (configured: " + providers.names()
							+ ")");
				}
				return new Model.Target(target.provider(), target.model());
			}).toList();
			this.models.put(alias, new Model(alias, targets, model.contextWindow(), model.inputPricePerMillion(),
					model.outputPricePerMillion(), model.capabilities()));
		});
	}

	/**
	 * The model with the given alias.
	 * @throws UnknownModel if the catalog has no such alias
	 */
	public Model resolve(String alias) {
		Model model = this.models.get(alias);
		if (model == null) {
			throw new UnknownModel(alias);
		}
		return model;
	}

	/** Every model, ordered by alias. */
	public Collection<Model> all() {
		return this.models.values();
	}

}
