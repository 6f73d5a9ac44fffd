package banyan.legacy.kb;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

/**
 * All knowledge-base articles.
 */
public interface Articles extends ListCrudRepository<Article, Long>, PagingAndSortingRepository<Article, Long> {

}
