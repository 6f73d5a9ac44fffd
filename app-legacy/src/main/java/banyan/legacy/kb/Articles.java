package banyan.legacy.kb;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
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

}
