package banyan.llm.rag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import banyan.contracts.kb.KbSearchPage;

import banyan.llm.embedding.Embedder;
import banyan.llm.identity.Caller;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
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

	private final Documents documents;

	private final IngestionJobs jobs;

	/** Hits by caller, query and index generation: a change to the index misses them. */
	private final AsyncCache<CacheKey, List<ChunkIndex.Hit>> hits;

	/** Query vectors by normalized query (vectors are no tenant's data). */
	private final AsyncCache<String, float[]> vectors;

	Retrieval(RagIndex index, Embedder embeddings, Documents documents, IngestionJobs jobs, RagSettings settings,
			MeterRegistry meters) {
		this.index = index;
		this.embeddings = embeddings;
		this.documents = documents;
		this.jobs = jobs;
		this.hits = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder()
					.maximumSize(settings.cacheSize())
					.expireAfterWrite(settings.cacheTtl())
					.recordStats()
					.buildAsync(),
				"rag.retrieval");
		this.vectors = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder().maximumSize(settings.cacheSize()).recordStats().buildAsync(),
				"rag.query.vectors");
	}

	/** What a cached result depends on: {@code k} is -1 for the mimic's full match. */
	private record CacheKey(String tenant, List<String> domains, String query, int k, long generation) {
	}

	/** The query as the cache compares it: trimmed, single-spaced, lower case. */
	static String normalize(String query) {
		return query.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	/**
	 * The hits of a search, from the cache when the same caller scope asked the same
	 * query at this index generation. The generation is read before searching, so a
	 * result is never filed under a generation newer than what it saw.
	 */
	private Mono<List<ChunkIndex.Hit>> cached(Caller caller, String query, int k,
			BiFunction<String, float[], Mono<List<ChunkIndex.Hit>>> search) {
		String normalized = normalize(query);
		CacheKey key = new CacheKey(caller.tenant(), caller.dataDomains().stream().distinct().sorted().toList(),
				normalized, k, this.index.generation());
		// Shared futures: one caller's cancel must not cancel another's wait.
		return Mono.fromFuture(() -> this.hits.get(key, (ignored,
				executor) -> vector(normalized).flatMap((vector) -> search.apply(normalized, vector)).toFuture()),
				true);
	}

	private Mono<float[]> vector(String normalized) {
		return Mono.fromFuture(
				() -> this.vectors.get(normalized, (text, executor) -> this.embeddings.embed(text).toFuture()), true);
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
		return cached(caller, query, k,
				(normalized, vector) -> this.index.search(caller.tenant(), caller.dataDomains(), normalized, vector, k))
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
		return cached(caller, query, -1,
				(normalized, vector) -> this.index.matching(caller.tenant(), caller.dataDomains(), normalized, vector))
			.flatMap((hits) -> {
				Map<Long, ChunkIndex.Hit> best = new LinkedHashMap<>();
				for (ChunkIndex.Hit hit : hits) {
					if (DocumentSource.ARTICLE.value().equals(hit.source())) {
						best.putIfAbsent(hit.documentId(), hit);
					}
				}
				List<Long> ranked = List.copyOf(best.keySet());
				long total = ranked.size();
				int pages = (int) ((total + size - 1) / size);
				List<Long> onPage = ranked.subList(Math.min(ranked.size(), page * size),
						Math.min(ranked.size(), page * size + size));
				return this.documents.documents(caller.tenant(), onPage)
					.collectMap(Documents.Document::id)
					.map((documents) -> new KbSearchPage(query,
							onPage.stream()
								.filter(documents::containsKey)
								.map((id) -> hit(documents.get(id), best.get(id)))
								.toList(),
							page, size, total, pages));
			});
	}

	private static KbSearchPage.Hit hit(Documents.Document document, ChunkIndex.Hit passage) {
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
		return this.jobs.job(caller.tenant(), id);
	}

}
