package banyan.legacy.kb.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What a client sends to create or revise an article.
 *
 * @param title the title, at most 200 characters
 * @param body the body in Markdown, at most 100,000 characters
 */
record ArticleRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 100_000) String body) {
}
