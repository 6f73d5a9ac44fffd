package banyan.llm.rag.web;

import java.util.List;

import banyan.llm.identity.Caller;
import banyan.llm.rag.JobStatus;
import banyan.llm.rag.Retrieval;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Retrieval over the caller's tenant's documents within its data domains, and the state
 * of ingestion jobs.
 */
@RestController
class RagController {

	private final Retrieval retrieval;

	RagController(Retrieval retrieval) {
		this.retrieval = retrieval;
	}

	@GetMapping("/rag/search")
	Mono<Results> search(@AuthenticationPrincipal Caller caller, @RequestParam @NotBlank @Size(max = 500) String q,
			@RequestParam(defaultValue = "5") @Min(1) @Max(50) int k) {
		return this.retrieval.search(caller, q, k).map((passages) -> new Results(q, passages));
	}

	@GetMapping("/rag/jobs/{id}")
	Mono<JobStatus> job(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return this.retrieval.job(caller, id)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"There is no job " + id + " for this tenant.")));
	}

	/**
	 * What {@code GET /rag/search} answers.
	 *
	 * @param query the query as received
	 * @param results the passages, best first
	 */
	record Results(String query, List<Retrieval.Passage> results) {
	}

}
