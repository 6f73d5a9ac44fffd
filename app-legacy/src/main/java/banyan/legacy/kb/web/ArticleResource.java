package banyan.legacy.kb.web;

import java.time.Instant;

import banyan.legacy.kb.Article;

/**
 * An article as clients see it.
 *
 * @param id the id
 * @param title the title
 * @param body the body in Markdown
 * @param version the version, also sent as the {@code ETag}
 * @param createdAt when the article was first written
 * @param updatedAt when the article last changed
 */
record ArticleResource(long id, String title, String body, long version, Instant createdAt, Instant updatedAt) {

	static ArticleResource of(Article article) {
		return new ArticleResource(article.id(), article.title(), article.body(), article.version(),
				article.createdAt(), article.updatedAt());
	}

}
