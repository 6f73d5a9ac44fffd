package banyan.legacy.kb;

import banyan.legacy.problem.KnownFailure;

/**
 * A write named an older version of the article than the current one.
 */
public class StaleArticleVersion extends KnownFailure {

	StaleArticleVersion(Article article, long expected) {
		super(Kind.STALE_VERSION, "Stale version", "Article " + article.id() + " is at version " + article.version()
				+ "; the write was based on version " + expected + ". Fetch it again and reapply the change.");
	}

}
