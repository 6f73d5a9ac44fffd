package banyan.llm.rag;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Lucene index as the rest of the module uses it: every call runs on the index's own
 * scheduler, never an event loop. Changes are visible to searches at once and reach the
 * disk within a second. At start, an index that is missing, does not hold as many chunks
 * as PostgreSQL, or misses a version PostgreSQL stored, is rebuilt from PostgreSQL.
 */
@Component
class RagIndex implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RagIndex.class);

	/** How similar in meaning a chunk must be to count as matching, for the mimic. */
	static final double MIN_SIMILARITY = 0.45;

	private final ChunkIndex index;

	private final RagStore store;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 10_000, "rag-index");

	RagIndex(RagSettings settings, RagStore store) {
		this.index = new ChunkIndex(settings.indexDirectory());
		this.store = store;
	}

	@EventListener(ApplicationReadyEvent.class)
	void checkAtStart() {
		rebuildIfInconsistent().subscribe(null,
				(failure) -> log.error("The RAG index could not be checked against PostgreSQL", failure));
	}

	/**
	 * Rebuilds the index when its chunk count differs from PostgreSQL's, or when
	 * PostgreSQL holds a version newer than the index's last commit (a crash before the
	 * commit); whether it did.
	 */
	Mono<Boolean> rebuildIfInconsistent() {
		return Mono
			.zip(this.store.countChunks(), this.store.latestStamp(), offload(this.index::size),
					offload(this.index::stamp))
			.flatMap((state) -> (state.getT1().intValue() == state.getT3() && state.getT2() <= state.getT4())
					? Mono.just(false) : rebuild().thenReturn(true));
	}

	/** Writes the index's changes to disk, at most a second after they were made. */
	@Scheduled(fixedDelay = 1000)
	void commit() {
		this.index.commit();
	}

	/** Drops the index and indexes every chunk in PostgreSQL again. */
	Mono<Integer> rebuild() {
		return this.store.latestStamp().zipWith(this.store.allChunks().collectList()).flatMap((state) -> offload(() -> {
			this.index.rebuild(state.getT2(), state.getT1());
			log.info("Rebuilt the RAG index from PostgreSQL: {} chunks", state.getT2().size());
			return state.getT2().size();
		}));
	}

	/** The generation of what searches see ({@link ChunkIndex#generation()}). */
	long generation() {
		return this.index.generation();
	}

	Mono<Void> replace(RagStore.Document document, List<RagStore.Chunk> chunks) {
		return offload(() -> {
			this.index.replace(document.id(), chunks, document.stamp());
			return true;
		}).then();
	}

	Mono<Void> remove(long documentId) {
		return offload(() -> {
			this.index.remove(documentId);
			return true;
		}).then();
	}

	/**
	 * Hybrid retrieval: BM25 and vectors, each filtered inside the query, fused by rank.
	 */
	Mono<List<ChunkIndex.Hit>> search(String tenant, List<String> domains, String query, float[] vector, int k) {
		int candidates = Math.max(20, k * 4);
		return offload(() -> ChunkIndex.fuse(List.of(this.index.keyword(tenant, domains, query, candidates),
				this.index.nearest(tenant, domains, vector, candidates)), k));
	}

	/**
	 * Every chunk that matches by BM25, and the nearest by meaning that are close enough,
	 * fused by rank: what the legacy search mimic pages through.
	 */
	Mono<List<ChunkIndex.Hit>> matching(String tenant, List<String> domains, String query, float[] vector) {
		return offload(() -> {
			List<ChunkIndex.Hit> keyword = this.index.keyword(tenant, domains, query, 1_000);
			// Lucene scores a dot product d as (1 + d) / 2.
			List<ChunkIndex.Hit> close = this.index.nearest(tenant, domains, vector, 100)
				.stream()
				.filter((hit) -> hit.score() >= (1 + MIN_SIMILARITY) / 2)
				.toList();
			return ChunkIndex.fuse(List.of(keyword, close), 1_100);
		});
	}

	private <T> Mono<T> offload(java.util.concurrent.Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(this.scheduler);
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
		this.index.close();
	}

}
