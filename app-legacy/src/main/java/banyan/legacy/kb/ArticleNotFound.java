package banyan.legacy.kb;

import banyan.legacy.problem.KnownFailure;

/**
 * No article of the caller's tenant has the requested id (whether another tenant's does
 * is not said).
 */
public class ArticleNotFound extends KnownFailure {

	public ArticleNotFound(long id) {
		super(Kind.NOT_FOUND, "Article not found", "No article has the id " + id + ".");
	}

}
