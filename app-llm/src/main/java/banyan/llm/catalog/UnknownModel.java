package banyan.llm.catalog;

/**
 * A client asked for a model alias that is not in the catalog.
 */
public class UnknownModel extends RuntimeException {

	private final String alias;

	public UnknownModel(String alias) {
		super("The model '" + alias + "' does not exist. GET /v1/models lists the models you can use.");
		this.alias = alias;
	}

	public String alias() {
		return this.alias;
	}

}
