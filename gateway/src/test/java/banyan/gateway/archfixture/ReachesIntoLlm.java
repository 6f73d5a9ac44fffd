package banyan.gateway.archfixture;

import banyan.llm.archfixture.LlmInternals;

/**
 * Deliberately breaks the rule that the gateway never uses another application's code.
 */
public class ReachesIntoLlm {

	int peek() {
		return new LlmInternals().secret();
	}

}
