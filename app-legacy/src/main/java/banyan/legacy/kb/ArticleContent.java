package banyan.legacy.kb;

import java.util.List;

/**
 * What an author writes: everything of an article but its lifecycle.
 *
 * @param title the title
 * @param body the body in Markdown
 * @param dataDomain the data domain retrieval filters on, such as {@code billing}
 * @param tags free-form tags
 */
public record ArticleContent(String title, String body, String dataDomain, List<String> tags) {

	public ArticleContent {
		tags = tags.stream().map(String::strip).map(String::toLowerCase).distinct().sorted().toList();
	}

}
