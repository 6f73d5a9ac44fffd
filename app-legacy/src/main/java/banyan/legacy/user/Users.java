package banyan.legacy.user;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

/**
 * All back-office users.
 */
public interface Users
		extends ListCrudRepository<BackOfficeUser, Long>, PagingAndSortingRepository<BackOfficeUser, Long> {

	Optional<BackOfficeUser> findByUsername(String username);

	boolean existsByUsername(String username);

}
