package banyan.legacy.kb;

import java.time.Instant;

/**
 * Something happened to an article that readers outside the back office care about.
 * Published synchronously, inside the transaction of the change.
 */
public sealed interface ArticleEvent {

	long articleId();

	String tenantId();

	/** The article version the event describes. */
	long version();

	Instant occurredAt();

	/** A draft or archived article became visible. */
	record ArticlePublished(long articleId, String tenantId, long version, Instant occurredAt) implements ArticleEvent {
	}

	/** A published article changed. */
	record ArticleUpdated(long articleId, String tenantId, long version, Instant occurredAt) implements ArticleEvent {
	}

	/** A published article was archived or deleted. */
	record ArticleRetracted(long articleId, String tenantId, long version, Instant occurredAt) implements ArticleEvent {
	}

}
