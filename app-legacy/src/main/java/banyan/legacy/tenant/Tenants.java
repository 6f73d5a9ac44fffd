package banyan.legacy.tenant;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

/**
 * All tenants.
 */
public interface Tenants extends ListCrudRepository<Tenant, String>, PagingAndSortingRepository<Tenant, String> {

}
