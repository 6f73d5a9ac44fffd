package banyan.llm.rag.web;

import banyan.contracts.kb.KbSearchPage;
import banyan.llm.identity.Caller;
import banyan.llm.rag.Retrieval;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
	Mono<KbSearchPage> search(@AuthenticationPrincipal Caller caller,
			@RequestParam @NotBlank @Size(max = KbSearchPage.MAX_QUERY_LENGTH) String q,
			@RequestParam(defaultValue = "0") @Min(0) @Max(KbSearchPage.MAX_PAGE) int page,
			@RequestParam(defaultValue = "" + KbSearchPage.DEFAULT_SIZE) @Min(1) @Max(KbSearchPage.MAX_SIZE) int size) {
		return this.retrieval.searchArticles(caller, q.strip(), page, size);
	}

}
