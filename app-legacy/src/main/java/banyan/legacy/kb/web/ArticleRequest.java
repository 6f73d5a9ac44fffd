package banyan.legacy.kb.web;

import java.util.List;

import banyan.legacy.kb.ArticleContent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What a client sends to write or revise an article.
 *
 * @param title the title, at most 200 characters
 * @param body the body in Markdown, at most 100,000 characters
 * @param dataDomain the data domain (lowercase letters, digits and dashes);
 * {@code general} when absent
 * @param tags up to 20 tags of at most 40 characters; none when absent
 */
record ArticleRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 100_000) String body,
		@Nullable @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}",
				message = "must be lowercase letters, digits or dashes") String dataDomain,
		@Nullable @Size(max = 20) List<@NotBlank @Size(max = 40) String> tags) {

	ArticleContent content() {
		return new ArticleContent(this.title, this.body, (this.dataDomain != null) ? this.dataDomain : "general",
				(this.tags != null) ? this.tags : List.of());
	}

}
