package banyan.llm.archfixture;

/**
 * Stands in for a class of app-llm in the fixture that breaks the application boundary.
 */
public class LlmInternals {

	public int secret() {
		return 42;
	}

}
