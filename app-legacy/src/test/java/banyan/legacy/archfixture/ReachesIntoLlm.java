package banyan.legacy.archfixture;

import banyan.llm.archfixture.LlmInternals;

/**
 * Deliberately breaks the rule that app-legacy never uses another application's code.
 */
public class ReachesIntoLlm {

	int peek() {
		return new LlmInternals().secret();
	}

}
