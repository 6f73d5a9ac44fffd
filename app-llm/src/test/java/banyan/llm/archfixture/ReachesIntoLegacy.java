package banyan.llm.archfixture;

import banyan.legacy.archfixture.LegacyInternals;

/**
 * Deliberately breaks the rule that app-llm never uses another application's code.
 */
public class ReachesIntoLegacy {

	String peek() {
		return new LegacyInternals().secret();
	}

}
