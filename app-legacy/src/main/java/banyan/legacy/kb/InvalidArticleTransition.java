package banyan.legacy.kb;

import banyan.legacy.problem.KnownFailure;

/**
 * The article's status does not allow the requested change.
 */
public class InvalidArticleTransition extends KnownFailure {

	InvalidArticleTransition(Article article, String change, String reason) {
		super(Kind.INVALID_TRANSITION, "Invalid transition", "Article " + article.id() + " is "
				+ article.status().name().toLowerCase() + " and cannot be " + change + ": " + reason + ".");
	}

}
