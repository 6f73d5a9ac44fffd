package banyan.legacy.ticket;

import java.util.Map;
import java.util.Set;

/**
 * Where a ticket is in its workflow, and where it may go next: open ⇄ pending, either to
 * resolved, resolved back to open (the customer was not helped) or on to closed, which is
 * final.
 */
public enum TicketStatus {

	OPEN, PENDING, RESOLVED, CLOSED;

	private static final Map<TicketStatus, Set<TicketStatus>> NEXT = Map.of(OPEN, Set.of(PENDING, RESOLVED), PENDING,
			Set.of(OPEN, RESOLVED), RESOLVED, Set.of(OPEN, CLOSED), CLOSED, Set.of());

	/** Whether a ticket in this status may move to the other. */
	public boolean canMoveTo(TicketStatus next) {
		return NEXT.get(this).contains(next);
	}

	/** The statuses a ticket in this status may move to. */
	public Set<TicketStatus> next() {
		return NEXT.get(this);
	}

}
