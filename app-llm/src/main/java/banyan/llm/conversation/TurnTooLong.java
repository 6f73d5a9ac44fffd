package banyan.llm.conversation;

import banyan.llm.problem.KnownFailure;

/** A conversation's new turn does not fit the model's context window, even alone. */
public final class TurnTooLong extends KnownFailure {

	TurnTooLong(long needed, long reserve, String model, int window) {
		super(Kind.INVALID_REQUEST, "The messages need about " + needed + " tokens and the answer " + reserve
				+ "; the model '" + model + "' takes " + window + " tokens in all.");
	}

}
