package banyan.legacy.tenant;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

/**
 * All API keys. Every finder but the lookup by hash takes the tenant.
 */
public interface ApiKeys extends ListCrudRepository<ApiKey, Long> {

	Optional<ApiKey> findBySecretHash(String secretHash);

	List<ApiKey> findByTenantIdOrderById(String tenantId);

	Optional<ApiKey> findByIdAndTenantId(long id, String tenantId);

}
