package banyan.legacy.ticket;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lists a tenant's tickets by optional filters, most recently changed first.
 */
@Component
public class TicketSearch {

	private final JdbcClient jdbc;

	TicketSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of the tenant's tickets that match every given filter.
	 * @param status only tickets in this status, or {@code null} for all
	 * @param assignee only tickets assigned to this user, or {@code null} for all
	 * @param customerId only tickets of this customer, or {@code null} for all
	 */
	public Page<Ticket> find(String tenantId, @Nullable TicketStatus status, @Nullable String assignee,
			@Nullable Long customerId, Pageable pageable) {
		StringBuilder where = new StringBuilder(" from tickets where tenant_id = :tenant");
		List<String> names = new ArrayList<>(List.of("tenant"));
		List<Object> values = new ArrayList<>(List.of(tenantId));
		if (status != null) {
			where.append(" and status = :status");
			names.add("status");
			values.add(status.name());
		}
		if (assignee != null) {
			where.append(" and assignee = :assignee");
			names.add("assignee");
			values.add(assignee);
		}
		if (customerId != null) {
			where.append(" and customer_id = :customer");
			names.add("customer");
			values.add(customerId);
		}
		JdbcClient.StatementSpec count = this.jdbc.sql("select count(*)" + where);
		JdbcClient.StatementSpec page = this.jdbc
			.sql("select *" + where + " order by updated_at desc, id desc limit :limit offset :offset");
		for (int i = 0; i < names.size(); i++) {
			count = count.param(names.get(i), values.get(i));
			page = page.param(names.get(i), values.get(i));
		}
		long total = count.query(Long.class).single();
		List<Ticket> tickets = page.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query((row, number) -> new Ticket(row.getLong("id"), row.getString("tenant_id"),
					row.getLong("customer_id"), row.getString("subject"), row.getString("description"),
					TicketStatus.valueOf(row.getString("status")), row.getString("assignee"), row.getLong("version"),
					row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant()))
			.list();
		return new PageImpl<>(tickets, pageable, total);
	}

}
