package banyan.legacy.ticket;

import banyan.legacy.problem.KnownFailure;

/**
 * The ticket's status does not allow the requested change.
 */
public class InvalidTicketTransition extends KnownFailure {

	InvalidTicketTransition(String detail) {
		super(Kind.INVALID_TRANSITION, "Invalid transition", detail);
	}

}
