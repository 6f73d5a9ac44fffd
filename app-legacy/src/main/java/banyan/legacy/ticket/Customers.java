package banyan.legacy.ticket;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/**
 * The customers of all tenants; every finder takes the tenant.
 */
public interface Customers extends Repository<Customer, Long> {

	Customer save(Customer customer);

	Optional<Customer> findByIdAndTenantId(long id, String tenantId);

	Page<Customer> findByTenantId(String tenantId, Pageable pageable);

	boolean existsByTenantIdAndEmail(String tenantId, String email);

}
