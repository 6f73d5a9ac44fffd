package banyan.legacy.kb;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A knowledge-base article. Its {@link #version()} increases with every change and guards
 * concurrent edits: a write based on an older version fails.
 */
@Table("articles")
public class Article {

	@Id
	private @Nullable Long id;

	private String title;

	private String body;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	private Instant updatedAt;

	@PersistenceCreator
	Article(@Nullable Long id, String title, String body, @Nullable Long version, Instant createdAt,
			Instant updatedAt) {
		this.id = id;
		this.title = title;
		this.body = body;
		this.version = version;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
	}

	/** A new, not yet stored article. */
	public static Article write(String title, String body, Instant now) {
		return new Article(null, title, body, null, now, now);
	}

	/** Replaces the title and body; the version changes when the article is stored. */
	public void revise(String title, String body, Instant now) {
		this.title = title;
		this.body = body;
		this.updatedAt = now;
	}

	/** The id, {@code null} until the article is first stored. */
	public @Nullable Long id() {
		return this.id;
	}

	public String title() {
		return this.title;
	}

	public String body() {
		return this.body;
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

}
