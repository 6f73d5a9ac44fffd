package banyan.legacy.kb.web;

import java.util.Arrays;

import banyan.legacy.kb.Article;
import banyan.legacy.kb.ArticleContent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The article form of the back-office pages. Mutable, as form binding needs.
 */
public class ArticleForm {

	@NotBlank
	@Size(max = 200)
	private String title = "";

	@NotBlank
	@Size(max = 100_000)
	private String body = "";

	@NotBlank
	@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be lowercase letters, digits or dashes")
	private String dataDomain = "general";

	@Size(max = 900)
	@Pattern(regexp = "[^,]{0,40}(,[^,]{0,40}){0,19}", message = "must be at most 20 tags of at most 40 characters")
	private String tags = "";

	private @Nullable Long version;

	static ArticleForm of(Article article) {
		ArticleForm form = new ArticleForm();
		form.title = article.title();
		form.body = article.body();
		form.dataDomain = article.dataDomain();
		form.tags = String.join(", ", article.tags());
		form.version = article.version();
		return form;
	}

	ArticleContent content() {
		return new ArticleContent(this.title, this.body, this.dataDomain,
				Arrays.stream(this.tags.split(",")).map(String::strip).filter((tag) -> !tag.isEmpty()).toList());
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getBody() {
		return this.body;
	}

	public void setBody(String body) {
		this.body = body;
	}

	public String getDataDomain() {
		return this.dataDomain;
	}

	public void setDataDomain(String dataDomain) {
		this.dataDomain = dataDomain;
	}

	public String getTags() {
		return this.tags;
	}

	public void setTags(String tags) {
		this.tags = tags;
	}

	public @Nullable Long getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Long version) {
		this.version = version;
	}

}
