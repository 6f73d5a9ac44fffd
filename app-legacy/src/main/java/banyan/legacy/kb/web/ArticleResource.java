package banyan.legacy.kb.web;

import java.time.Instant;
import java.util.List;

import banyan.legacy.kb.Article;
import banyan.legacy.kb.ArticleStatus;
import org.jspecify.annotations.Nullable;

/**
 * An article as clients see it.
 *
 * @param id the id
 * @param title the title
 * @param body the body in Markdown
 * @param status draft, published or archived
 * @param dataDomain the data domain
 * @param tags the tags
 * @param version the version, also sent as the {@code ETag}
 * @param createdAt when the article was first written
 * @param updatedAt when the article last changed
 * @param publishedAt when the article was last published, or {@code null}
 */
record ArticleResource(long id, String title, String body, ArticleStatus status, String dataDomain, List<String> tags,
		long version, Instant createdAt, Instant updatedAt, @Nullable Instant publishedAt) {

	static ArticleResource of(Article article) {
		return new ArticleResource(article.id(), article.title(), article.body(), article.status(),
				article.dataDomain(), article.tags(), article.version(), article.createdAt(), article.updatedAt(),
				article.publishedAt());
	}

}
