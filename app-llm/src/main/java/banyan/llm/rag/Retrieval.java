package banyan.llm.rag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import banyan.contracts.kb.KbSearchPage;

import banyan.llm.embedding.Embedder;
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

	private final Embedder embeddings;

	private final RagStore store;

	Retrieval(RagIndex index, Embedder embeddings, RagStore store) {
		this.index = index;
		this.embeddings = embeddings;
		this.store = store;
	}

	/**
	 * One retrieved passage.
	 *
	 * @param documentId the document's id in app-llm
	 * @param source where the document comes from ({@code article}, {@code upload},
	 * {@code url})
	 * @param sourceId the document's id at its source (the article id for articles)
	 * @param title the document's title
	 * @param dataDomain its data domain
	 * @param text the chunk's text
	 * @param score the fused score (higher is better)
	 */
	public record Passage(long documentId, String source, String sourceId, String title, String dataDomain, String text,
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
				.map((hit) -> new Passage(hit.documentId(), hit.source(), hit.sourceId(), hit.title(), hit.domain(),
						hit.text(), hit.score()))
				.toList());
	}

	/**
	 * The legacy knowledge-base search ({@link KbSearchPage}) answered from hybrid
	 * retrieval: the caller's tenant's articles within its data domains that match by
	 * keywords or meaning, best first, one hit per article with its best passage as the
	 * snippet.
	 */
	public Mono<KbSearchPage> searchArticles(Caller caller, String query, int page, int size) {
		if (caller.dataDomains().isEmpty()) {
			return Mono.just(new KbSearchPage(query, List.of(), page, size, 0, 0));
		}
		return this.embeddings.embed(query)
			.flatMap((vector) -> this.index.matching(caller.tenant(), caller.dataDomains(), query, vector))
			.flatMap((hits) -> {
				Map<Long, ChunkIndex.Hit> best = new LinkedHashMap<>();
				for (ChunkIndex.Hit hit : hits) {
					if (IngestionWorker.SOURCE_ARTICLE.equals(hit.source())) {
						best.putIfAbsent(hit.documentId(), hit);
					}
				}
				List<Long> ranked = List.copyOf(best.keySet());
				long total = ranked.size();
				int pages = (int) ((total + size - 1) / size);
				List<Long> onPage = ranked.subList(Math.min(ranked.size(), page * size),
						Math.min(ranked.size(), page * size + size));
				return this.store.documents(caller.tenant(), onPage)
					.collectMap(RagStore.Document::id)
					.map((documents) -> new KbSearchPage(query,
							onPage.stream()
								.filter(documents::containsKey)
								.map((id) -> hit(documents.get(id), best.get(id)))
								.toList(),
							page, size, total, pages));
			});
	}

	private static KbSearchPage.Hit hit(RagStore.Document document, ChunkIndex.Hit passage) {
		return new KbSearchPage.Hit(Long.parseLong(document.sourceId()), document.title(), snippet(passage.text()),
				document.dataDomain(), document.tags(), document.sourceUpdatedAt());
	}

	/** The passage without its heading line, cut to about 35 words. */
	static String snippet(String chunk) {
		int body = chunk.indexOf("\n\n");
		String text = ((body < 0) ? chunk : chunk.substring(body + 2)).replaceAll("\\s+", " ").strip();
		String[] words = text.split(" ");
		return (words.length <= 35) ? text : String.join(" ", java.util.Arrays.copyOf(words, 35)) + " …";
	}

	/** An ingestion job of the caller's tenant. */
	public Mono<JobStatus> job(Caller caller, long id) {
		return this.store.job(caller.tenant(), id);
	}

}
