package banyan.legacy.kb.web;

import banyan.contracts.kb.KbSearchPage;
import banyan.legacy.kb.ArticleSearch;
import banyan.legacy.user.SignedInUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The legacy knowledge-base search, whose contract ({@link KbSearchPage}) app-llm mimics
 * so it can be mirrored and cut over.
 */
@RestController
class KbSearchController {

	private final ArticleSearch search;

	KbSearchController(ArticleSearch search) {
		this.search = search;
	}

	@GetMapping("/api/kb/search")
	KbSearchPage search(@AuthenticationPrincipal SignedInUser user,
			@RequestParam @NotBlank @Size(max = KbSearchPage.MAX_QUERY_LENGTH) String q,
			@RequestParam(defaultValue = "0") @Min(0) @Max(KbSearchPage.MAX_PAGE) int page,
			@RequestParam(defaultValue = "" + KbSearchPage.DEFAULT_SIZE) @Min(1) @Max(KbSearchPage.MAX_SIZE) int size) {
		return this.search.search(user.tenantId(), q.strip(), page, size);
	}

}
