package banyan.llm.identity;

/**
 * The caller's API key does not allow the model it asked for.
 */
public class ModelNotAllowed extends RuntimeException {

	ModelNotAllowed(String alias) {
		super("Your API key does not allow the model '" + alias + "'.", null, false, false);
	}

}
