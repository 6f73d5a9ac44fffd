package banyan.contracts.kb;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of app-legacy's article change feed ({@code GET /internal/feed/articles}), in
 * commit order. A follower stores the {@link #seq()} of the last entry it applied and
 * asks for the entries after it.
 *
 * @param seq the position in the feed, increasing in commit order
 * @param kind what happened
 * @param articleId the article
 * @param tenant the tenant the article belongs to
 * @param version the article version this entry describes
 * @param occurredAt when the change was committed
 * @param title the title at that version; {@code null} for {@link Kind#RETRACTED}
 * @param body the body at that version; {@code null} for {@link Kind#RETRACTED}
 * @param dataDomain the data domain at that version; {@code null} for
 * {@link Kind#RETRACTED}
 * @param tags the tags at that version; empty for {@link Kind#RETRACTED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArticleChange(long seq, Kind kind, long articleId, String tenant, long version, Instant occurredAt,
		String title, String body, String dataDomain, List<String> tags) {

	/** What happened to the article. */
	public enum Kind {

		/** It became visible: index this version. */
		PUBLISHED,

		/** It changed while visible: replace what was indexed. */
		UPDATED,

		/** It is no longer visible (archived or deleted): remove it. */
		RETRACTED

	}

	/**
	 * One page of the feed.
	 *
	 * @param changes the entries after the cursor asked for, oldest first
	 * @param cursor the {@code seq} to ask after next time: the last entry's, or the
	 * cursor asked for when there was nothing new
	 */
	public record Page(List<ArticleChange> changes, long cursor) {
	}

}
