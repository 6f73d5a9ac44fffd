package banyan.llm.rag;

import java.util.List;

import banyan.llm.embedding.Embeddings;
import banyan.llm.identity.Caller;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Hybrid retrieval for a caller: its tenant and data domains are the filter inside both
 * index queries; a caller without data domains retrieves nothing.
 */
@Service
public class Retrieval {

	private final RagIndex index;

	private final Embeddings embeddings;

	private final RagStore store;

	Retrieval(RagIndex index, Embeddings embeddings, RagStore store) {
		this.index = index;
		this.embeddings = embeddings;
		this.store = store;
	}

	/**
	 * One retrieved passage.
	 *
	 * @param documentId the document's id in app-llm
	 * @param sourceId the document's id at its source (the article id for articles)
	 * @param title the document's title
	 * @param dataDomain its data domain
	 * @param text the chunk's text
	 * @param score the fused score (higher is better)
	 */
	public record Passage(long documentId, String sourceId, String title, String dataDomain, String text,
			double score) {
	}

	/** The best {@code k} passages for the query. */
	public Mono<List<Passage>> search(Caller caller, String query, int k) {
		if (caller.dataDomains().isEmpty()) {
			return Mono.just(List.of());
		}
		return this.embeddings.embed(query)
			.flatMap((vector) -> this.index.search(caller.tenant(), caller.dataDomains(), query, vector, k))
			.map((hits) -> hits.stream()
				.map((hit) -> new Passage(hit.documentId(), hit.sourceId(), hit.title(), hit.domain(), hit.text(),
						hit.score()))
				.toList());
	}

	/** An ingestion job of the caller's tenant. */
	public Mono<JobStatus> job(Caller caller, long id) {
		return this.store.job(caller.tenant(), id);
	}

}
