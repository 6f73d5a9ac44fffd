package banyan.legacy.kb;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import banyan.legacy.kb.ArticleEvent.ArticlePublished;
import banyan.legacy.kb.ArticleEvent.ArticleRetracted;
import banyan.legacy.kb.ArticleEvent.ArticleUpdated;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing and publishing articles. Every change is one transaction that stores the
 * article, a snapshot of the new version, and the {@link ArticleEvent} it causes. Methods
 * that take an {@code expectedVersion} refuse with {@link StaleArticleVersion} when it is
 * not the current one ({@code null} skips that check; concurrent writers are still caught
 * by the version column).
 */
@Service
@Transactional
public class ArticleManagement {

	private final Articles articles;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ArticleManagement(Articles articles, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
		this.articles = articles;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** The tenant's article with the id. */
	@Transactional(readOnly = true)
	public Article find(String tenantId, long id) {
		return this.articles.findByIdAndTenantId(id, tenantId).orElseThrow(() -> new ArticleNotFound(id));
	}

	/** Writes a new draft. */
	public Article write(String tenantId, ArticleContent content, String author) {
		return store(Article.draft(tenantId, content, now()), author);
	}

	/**
	 * Replaces the content; announces {@link ArticleUpdated} if the article is published.
	 */
	public Article revise(String tenantId, long id, @Nullable Long expectedVersion, ArticleContent content,
			String author) {
		Article article = current(tenantId, id, expectedVersion);
		article.revise(content, now());
		Article stored = store(article, author);
		if (stored.isPublished()) {
			this.events.publishEvent(new ArticleUpdated(id, tenantId, stored.version(), stored.updatedAt()));
		}
		return stored;
	}

	/** Makes the article visible; announces {@link ArticlePublished}. */
	public Article publish(String tenantId, long id, @Nullable Long expectedVersion, String author) {
		Article article = current(tenantId, id, expectedVersion);
		article.publish(now());
		Article stored = store(article, author);
		this.events.publishEvent(new ArticlePublished(id, tenantId, stored.version(), stored.updatedAt()));
		return stored;
	}

	/** Takes the article out of sight; announces {@link ArticleRetracted}. */
	public Article archive(String tenantId, long id, @Nullable Long expectedVersion, String author) {
		Article article = current(tenantId, id, expectedVersion);
		article.archive(now());
		Article stored = store(article, author);
		this.events.publishEvent(new ArticleRetracted(id, tenantId, stored.version(), stored.updatedAt()));
		return stored;
	}

	/**
	 * Deletes the article and its versions; announces {@link ArticleRetracted} if it was
	 * published.
	 */
	public void delete(String tenantId, long id, @Nullable Long expectedVersion) {
		Article article = current(tenantId, id, expectedVersion);
		this.articles.delete(article);
		if (article.isPublished()) {
			this.events.publishEvent(new ArticleRetracted(id, tenantId, article.version(), now()));
		}
	}

	/** Every stored version of the tenant's article, newest first. */
	@Transactional(readOnly = true)
	public List<ArticleVersion> versions(String tenantId, long id) {
		find(tenantId, id);
		return this.jdbc.sql("""
				select version, title, body, status, data_domain, tags, changed_by, changed_at
				from article_versions where article_id = ? order by version desc""")
			.param(id)
			.query((row, number) -> new ArticleVersion(row.getLong("version"), row.getString("title"),
					row.getString("body"), ArticleStatus.valueOf(row.getString("status")), row.getString("data_domain"),
					List.of((String[]) row.getArray("tags").getArray()), row.getString("changed_by"),
					row.getTimestamp("changed_at").toInstant()))
			.list();
	}

	private Article current(String tenantId, long id, @Nullable Long expectedVersion) {
		Article article = find(tenantId, id);
		if (expectedVersion != null && !expectedVersion.equals(article.version())) {
			throw new StaleArticleVersion(article, expectedVersion);
		}
		return article;
	}

	private Article store(Article article, String author) {
		Article stored = this.articles.save(article);
		this.jdbc
			.sql("""
					insert into article_versions (article_id, version, title, body, status, data_domain, tags, changed_by, changed_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(stored.id(), stored.version(), stored.title(), stored.body(), stored.status().name(),
					stored.dataDomain(), stored.tags().toArray(String[]::new), author,
					java.sql.Timestamp.from(stored.updatedAt()))
			.update();
		return stored;
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * One stored version of an article.
	 *
	 * @param version the version number
	 * @param title the title then
	 * @param body the body then
	 * @param status the status then
	 * @param dataDomain the data domain then
	 * @param tags the tags then
	 * @param changedBy who made this version
	 * @param changedAt when
	 */
	public record ArticleVersion(long version, String title, String body, ArticleStatus status, String dataDomain,
			List<String> tags, String changedBy, Instant changedAt) {
	}

}
