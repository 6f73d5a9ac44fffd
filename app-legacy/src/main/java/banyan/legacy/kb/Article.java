package banyan.legacy.kb;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A knowledge-base article of one tenant. Its {@link #version()} increases with every
 * change and guards concurrent edits: a write based on an older version fails. Its status
 * changes only through {@link #publish}, {@link #archive} and the drafts they start from.
 */
@Table("articles")
public class Article {

	@Id
	private @Nullable Long id;

	private final String tenantId;

	private String title;

	private String body;

	private ArticleStatus status;

	private String dataDomain;

	private List<String> tags;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	private Instant updatedAt;

	private @Nullable Instant publishedAt;

	@PersistenceCreator
	Article(@Nullable Long id, String tenantId, String title, String body, ArticleStatus status, String dataDomain,
			List<String> tags, @Nullable Long version, Instant createdAt, Instant updatedAt,
			@Nullable Instant publishedAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.title = title;
		this.body = body;
		this.status = status;
		this.dataDomain = dataDomain;
		this.tags = List.copyOf(tags);
		this.version = version;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.publishedAt = publishedAt;
	}

	/** A new draft, not yet stored. */
	static Article draft(String tenantId, ArticleContent content, Instant now) {
		return new Article(null, tenantId, content.title(), content.body(), ArticleStatus.DRAFT, content.dataDomain(),
				content.tags(), null, now, now, null);
	}

	/**
	 * Replaces the content; the version changes when the article is stored.
	 * @throws InvalidArticleTransition if the article is archived
	 */
	void revise(ArticleContent content, Instant now) {
		if (this.status == ArticleStatus.ARCHIVED) {
			throw new InvalidArticleTransition(this, "revised", "publish it again first");
		}
		this.title = content.title();
		this.body = content.body();
		this.dataDomain = content.dataDomain();
		this.tags = List.copyOf(content.tags());
		this.updatedAt = now;
	}

	/**
	 * Makes a draft or archived article visible.
	 * @throws InvalidArticleTransition if it is published already
	 */
	void publish(Instant now) {
		if (this.status == ArticleStatus.PUBLISHED) {
			throw new InvalidArticleTransition(this, "published", "it is published already");
		}
		this.status = ArticleStatus.PUBLISHED;
		this.publishedAt = now;
		this.updatedAt = now;
	}

	/**
	 * Takes a published article out of sight.
	 * @throws InvalidArticleTransition if it is not published
	 */
	void archive(Instant now) {
		if (this.status != ArticleStatus.PUBLISHED) {
			throw new InvalidArticleTransition(this, "archived", "only a published article can be archived");
		}
		this.status = ArticleStatus.ARCHIVED;
		this.updatedAt = now;
	}

	public boolean isPublished() {
		return this.status == ArticleStatus.PUBLISHED;
	}

	/** The id, {@code null} until the article is first stored. */
	public @Nullable Long id() {
		return this.id;
	}

	public String tenantId() {
		return this.tenantId;
	}

	public String title() {
		return this.title;
	}

	public String body() {
		return this.body;
	}

	public ArticleStatus status() {
		return this.status;
	}

	public String dataDomain() {
		return this.dataDomain;
	}

	public List<String> tags() {
		return this.tags;
	}

	/** The version, {@code null} until the article is first stored. */
	public @Nullable Long version() {
		return this.version;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

	public @Nullable Instant publishedAt() {
		return this.publishedAt;
	}

}
