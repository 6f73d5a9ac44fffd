package banyan.llm.rag.web;

import banyan.contracts.kb.KbSearchPage;
import banyan.llm.identity.Caller;
import banyan.llm.rag.Retrieval;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The legacy mimic: app-legacy's {@code GET /api/kb/search} contract
 * ({@link KbSearchPage}: the same parameters, limits, JSON, paging and status codes),
 * answered from hybrid retrieval, so the endpoint can be mirrored and cut over (issue 7).
 */
@RestController
class KbSearchMimic {

	private final Retrieval retrieval;

	KbSearchMimic(Retrieval retrieval) {
		this.retrieval = retrieval;
	}

	@GetMapping("/api/kb/search")
	Mono<KbSearchPage> search(@AuthenticationPrincipal Caller caller, @RequestParam String q,
			@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + KbSearchPage.DEFAULT_SIZE) int size) {
		String query = q.strip();
		if (query.isEmpty() || q.length() > KbSearchPage.MAX_QUERY_LENGTH) {
			throw invalid("q must be 1 to " + KbSearchPage.MAX_QUERY_LENGTH + " characters.");
		}
		if (page < 0 || page > KbSearchPage.MAX_PAGE) {
			throw invalid("page must be between 0 and " + KbSearchPage.MAX_PAGE + ".");
		}
		if (size < 1 || size > KbSearchPage.MAX_SIZE) {
			throw invalid("size must be between 1 and " + KbSearchPage.MAX_SIZE + ".");
		}
		return this.retrieval.searchArticles(caller, query, page, size);
	}

	static ResponseStatusException invalid(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

}
