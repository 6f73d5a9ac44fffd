package banyan.legacy.ticket;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A support ticket of a tenant's customer. Its status moves only along the workflow of
 * {@link TicketStatus}; its {@link #version()} guards concurrent edits.
 */
@Table("tickets")
public class Ticket {

	@Id
	private @Nullable Long id;

	private final String tenantId;

	private final long customerId;

	private final String subject;

	private final String description;

	private TicketStatus status;

	private @Nullable String assignee;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	private Instant updatedAt;

	@PersistenceCreator
	Ticket(@Nullable Long id, String tenantId, long customerId, String subject, String description, TicketStatus status,
			@Nullable String assignee, @Nullable Long version, Instant createdAt, Instant updatedAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.customerId = customerId;
		this.subject = subject;
		this.description = description;
		this.status = status;
		this.assignee = assignee;
		this.version = version;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
	}

	/** A new open ticket, not yet stored. */
	public static Ticket open(String tenantId, long customerId, String subject, String description, Instant now) {
		return new Ticket(null, tenantId, customerId, subject, description, TicketStatus.OPEN, null, null, now, now);
	}

	/**
	 * Moves the ticket along its workflow.
	 * @throws InvalidTicketTransition if the workflow does not allow the move
	 */
	public void moveTo(TicketStatus next, Instant now) {
		if (!this.status.canMoveTo(next)) {
			throw new InvalidTicketTransition("Ticket " + this.id + " is " + this.status + " and cannot become " + next
					+ "; it can become " + (this.status.next().isEmpty() ? "nothing else" : this.status.next()) + ".");
		}
		this.status = next;
		this.updatedAt = now;
	}

	/**
	 * Gives the ticket to a user, or to nobody.
	 * @throws InvalidTicketTransition if the ticket is closed
	 */
	public void assignTo(@Nullable String assignee, Instant now) {
		if (this.status == TicketStatus.CLOSED) {
			throw new InvalidTicketTransition("Ticket " + this.id + " is closed and cannot be reassigned.");
		}
		this.assignee = assignee;
		this.updatedAt = now;
	}

	public @Nullable Long id() {
		return this.id;
	}

	public String tenantId() {
		return this.tenantId;
	}

	public long customerId() {
		return this.customerId;
	}

	public String subject() {
		return this.subject;
	}

	public String description() {
		return this.description;
	}

	public TicketStatus status() {
		return this.status;
	}

	public @Nullable String assignee() {
		return this.assignee;
	}

	public @Nullable Long version() {
		return this.version;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

}
