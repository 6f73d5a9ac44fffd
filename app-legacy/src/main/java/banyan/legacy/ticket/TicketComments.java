package banyan.legacy.ticket;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The comments on tickets, oldest first. Callers check the ticket belongs to their
 * tenant.
 */
@Component
public class TicketComments {

	private final JdbcClient jdbc;

	TicketComments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Comment add(long ticketId, String author, String body, Instant now) {
		long id = this.jdbc
			.sql("insert into ticket_comments (ticket_id, author, body, created_at) values (?, ?, ?, ?) returning id")
			.params(ticketId, author, body, Timestamp.from(now))
			.query(Long.class)
			.single();
		return new Comment(id, author, body, now);
	}

	public List<Comment> of(long ticketId) {
		return this.jdbc.sql("select id, author, body, created_at from ticket_comments where ticket_id = ? order by id")
			.param(ticketId)
			.query((row, number) -> new Comment(row.getLong("id"), row.getString("author"), row.getString("body"),
					row.getTimestamp("created_at").toInstant()))
			.list();
	}

	/**
	 * A comment.
	 *
	 * @param id the id
	 * @param author who wrote it
	 * @param body the text
	 * @param createdAt when
	 */
	public record Comment(long id, String author, String body, Instant createdAt) {
	}

}
