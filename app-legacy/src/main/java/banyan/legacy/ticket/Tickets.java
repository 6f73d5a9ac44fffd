package banyan.legacy.ticket;

import java.util.Optional;

import org.springframework.data.repository.Repository;

/**
 * The tickets of all tenants; every finder takes the tenant. Filtered lists are
 * {@link TicketSearch}'s job.
 */
public interface Tickets extends Repository<Ticket, Long> {

	Ticket save(Ticket ticket);

	Optional<Ticket> findByIdAndTenantId(long id, String tenantId);

}
