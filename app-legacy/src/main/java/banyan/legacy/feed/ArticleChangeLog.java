package banyan.legacy.feed;

import java.sql.Timestamp;
import java.util.List;

import banyan.contracts.kb.ArticleChange;
import banyan.legacy.kb.ArticleEvent;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends article events to the feed and reads them back.
 *
 * <p>
 * An entry is written by a synchronous listener, so it commits or rolls back with the
 * change itself. Appends take a transaction-scoped advisory lock first: entries are
 * numbered in commit order, and a reader that has seen entry {@code n} can never later
 * find an entry below {@code n} appearing (which plain sequence numbers allow when two
 * transactions overlap).
 */
@Component
public class ArticleChangeLog {

	/** Arbitrary, fixed: the advisory lock that serializes appends. */
	private static final long APPEND_LOCK = 0x6b625f66656564L;

	/** The most entries one read returns. */
	public static final int MAX_LIMIT = 500;

	private final JdbcClient jdbc;

	ArticleChangeLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void on(ArticleEvent event) {
		ArticleChange.Kind kind = switch (event) {
			case ArticleEvent.ArticlePublished published -> ArticleChange.Kind.PUBLISHED;
			case ArticleEvent.ArticleUpdated updated -> ArticleChange.Kind.UPDATED;
			case ArticleEvent.ArticleRetracted retracted -> ArticleChange.Kind.RETRACTED;
		};
		this.jdbc.sql("select pg_advisory_xact_lock(?)").param(APPEND_LOCK).query(java.sql.ResultSet::next);
		this.jdbc.sql("""
				insert into article_changes (article_id, tenant_id, kind, version, occurred_at)
				values (?, ?, ?, ?, ?)""")
			.params(event.articleId(), event.tenantId(), kind.name(), event.version(),
					Timestamp.from(event.occurredAt()))
			.update();
	}

	/**
	 * The entries after the cursor, oldest first, with the content of the version each
	 * describes.
	 * @param after the last {@code seq} the reader has applied; 0 to start from the
	 * beginning
	 * @param limit the most entries to return, 1 to {@value #MAX_LIMIT}
	 */
	@Transactional(readOnly = true)
	public ArticleChange.Page after(long after, int limit) {
		List<ArticleChange> changes = this.jdbc.sql("""
				select c.seq, c.kind, c.article_id, c.tenant_id, c.version, c.occurred_at,
				       v.title, v.body, v.data_domain, v.tags
				from article_changes c
				left join article_versions v
				       on v.article_id = c.article_id and v.version = c.version and c.kind <> 'RETRACTED'
				where c.seq > ?
				order by c.seq
				limit ?""").params(after, limit).query((row, number) -> {
			java.sql.Array tags = row.getArray("tags");
			return new ArticleChange(row.getLong("seq"), ArticleChange.Kind.valueOf(row.getString("kind")),
					row.getLong("article_id"), row.getString("tenant_id"), row.getLong("version"),
					row.getTimestamp("occurred_at").toInstant(), row.getString("title"), row.getString("body"),
					row.getString("data_domain"), (tags != null) ? List.of((String[]) tags.getArray()) : List.of());
		}).list();
		long cursor = changes.isEmpty() ? after : changes.getLast().seq();
		return new ArticleChange.Page(changes, cursor);
	}

}
