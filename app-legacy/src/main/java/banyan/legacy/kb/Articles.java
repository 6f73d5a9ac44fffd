package banyan.legacy.kb;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * The articles of all tenants; every finder takes the tenant, so no query can cross
 * tenants.
 */
public interface Articles extends Repository<Article, Long> {

	Article save(Article article);

	void delete(Article article);

	Optional<Article> findByIdAndTenantId(long id, String tenantId);

	Page<Article> findByTenantId(String tenantId, Pageable pageable);

	Page<Article> findByTenantIdAndStatus(String tenantId, ArticleStatus status, Pageable pageable);

	/** The data domains the tenant's articles are in, in order. */
	@Query("select distinct data_domain from articles where tenant_id = :tenantId order by data_domain")
	List<String> findDataDomainsByTenantId(String tenantId);

}
