package banyan.legacy.archfixture;

/**
 * Stands in for a class of app-legacy in the fixture that breaks the application
 * boundary.
 */
public class LegacyInternals {

	public String secret() {
		return "legacy";
	}

}
