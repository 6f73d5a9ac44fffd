package banyan.legacy.feed.web;

import banyan.contracts.kb.ArticleChange;
import banyan.legacy.feed.ArticleChangeLog;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The article change feed for app-llm. Internal: for the service identity or an
 * administrator.
 */
@RestController
class ArticleFeedController {

	private final ArticleChangeLog log;

	ArticleFeedController(ArticleChangeLog log) {
		this.log = log;
	}

	@GetMapping("/internal/feed/articles")
	ArticleChange.Page changes(@RequestParam(defaultValue = "0") @Min(0) long after,
			@RequestParam(defaultValue = "100") @Min(1) @Max(ArticleChangeLog.MAX_LIMIT) int limit) {
		return this.log.after(after, limit);
	}

}
