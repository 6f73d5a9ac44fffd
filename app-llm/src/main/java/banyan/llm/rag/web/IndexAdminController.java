package banyan.llm.rag.web;

import banyan.llm.rag.Reindexing;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/rag/rebuild} (with the internal token): rebuilds the RAG index
 * from PostgreSQL and answers when it is done, with how many chunks it indexed.
 */
@RestController
class IndexAdminController {

	private final Reindexing reindexing;

	IndexAdminController(Reindexing reindexing) {
		this.reindexing = reindexing;
	}

	@PostMapping("/internal/rag/rebuild")
	Mono<Reindexing.Rebuilt> rebuild() {
		return this.reindexing.rebuild();
	}

}
