package banyan.llm.rag;

import java.util.List;
import java.util.concurrent.locks.StampedLock;

import banyan.llm.embedding.Embedder;
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
 * as PostgreSQL, misses a version PostgreSQL stored, or holds vectors of another
 * embedding model than the configured one, is rebuilt from PostgreSQL; and every document
 * whose vectors another model made is queued to be embedded again.
 */
@Component
class RagIndex implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RagIndex.class);

	/** How similar in meaning a chunk must be to count as matching, for the mimic. */
	static final double MIN_SIMILARITY = 0.45;

	private final ChunkIndex index;

	private final Documents documents;

	private final IngestionJobs jobs;

	/** The configured embedding model. */
	private final String model;

	private final java.time.Clock clock;

	/** Where searches run. */
	private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 10_000, "rag-index");

	/** Where changes run, so a rebuild holding the gate never stalls searches. */
	private final Scheduler writes = Schedulers.newBoundedElastic(2, 10_000, "rag-index-writes");

	/**
	 * Changes share it; a rebuild takes it alone from before it reads PostgreSQL until
	 * the new index is visible, so no change made meanwhile is dropped by the rebuild. A
	 * StampedLock, because the rebuild releases it on another thread than took it.
	 */
	private final StampedLock gate = new StampedLock();

	RagIndex(RagSettings settings, Documents documents, IngestionJobs jobs, Embedder embedder, java.time.Clock clock) {
		this.model = embedder.model();
		this.index = new ChunkIndex(settings.indexDirectory(), this.model);
		this.documents = documents;
		this.jobs = jobs;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void checkAtStart() {
		rebuildIfInconsistent().then(queueReembedding())
			.subscribe(null, (failure) -> log.error("The RAG index could not be checked against PostgreSQL", failure));
	}

	/**
	 * Rebuilds the index when its chunk count differs from PostgreSQL's, when PostgreSQL
	 * holds a version newer than the index's last commit (a crash before the commit), or
	 * when the index holds vectors of another model; whether it did.
	 */
	Mono<Boolean> rebuildIfInconsistent() {
		if (!this.index.vectorsCurrent()) {
			log.info("The RAG index holds vectors of another embedding model than {}: rebuilding it", this.model);
			return rebuild().thenReturn(true);
		}
		return Mono
			.zip(this.documents.countChunks(), this.documents.latestStamp(), offload(this.index::size),
					offload(this.index::stamp))
			.flatMap((state) -> (state.getT1().intValue() == state.getT3() && state.getT2() <= state.getT4())
					? Mono.just(false) : rebuild().thenReturn(true));
	}

	/**
	 * Queues every document whose vectors another model made to be embedded again; until
	 * it is, it is found by BM25 only. How many were queued.
	 */
	Mono<Long> queueReembedding() {
		return this.jobs.queueReembedding(this.model, this.clock.instant()).doOnNext((queued) -> {
			if (queued > 0) {
				log.info("{} documents were embedded by another model than {}: queued to be embedded again", queued,
						this.model);
			}
		});
	}

	/** Whether the index's vectors are of the configured model. */
	boolean vectorsCurrent() {
		return this.index.vectorsCurrent();
	}

	/** Writes the index's changes to disk, at most a second after they were made. */
	@Scheduled(fixedDelay = 1000)
	void commit() {
		this.index.commit();
	}

	/**
	 * Drops the index and indexes every chunk in PostgreSQL again: how many. Changes
	 * arriving meanwhile wait and are applied after it.
	 */
	Mono<Integer> rebuild() {
		return Mono.fromCallable(this.gate::writeLock)
			.subscribeOn(this.writes)
			.flatMap((lock) -> this.documents.latestStamp()
				.zipWith(this.documents.allChunks().collectList())
				.publishOn(this.writes)
				.map((state) -> {
					long started = System.nanoTime();
					this.index.rebuild(state.getT2(), state.getT1());
					log.info("Rebuilt the RAG index from PostgreSQL: {} chunks in {} ms", state.getT2().size(),
							(System.nanoTime() - started) / 1_000_000);
					return state.getT2().size();
				})
				.doFinally((signal) -> this.gate.unlockWrite(lock)));
	}

	/** The generation of what searches see ({@link ChunkIndex#generation()}). */
	long generation() {
		return this.index.generation();
	}

	/**
	 * A document's new chunks in the index; none removes it.
	 *
	 * @param documentId the document
	 * @param chunks its chunks now
	 * @param stamp when PostgreSQL stored this version (epoch microseconds; 0 for a
	 * removal)
	 */
	record Change(long documentId, List<Documents.Chunk> chunks, long stamp) {
	}

	/** Applies the changes, visible to searches all at once. */
	Mono<Void> apply(List<Change> changes) {
		java.util.Map<Long, List<Documents.Chunk>> documents = new java.util.LinkedHashMap<>();
		long stamp = 0;
		for (Change change : changes) {
			documents.put(change.documentId(), change.chunks());
			stamp = Math.max(stamp, change.stamp());
		}
		long highest = stamp;
		return change(() -> this.index.replaceAll(documents, highest));
	}

	Mono<Void> remove(long documentId) {
		return change(() -> this.index.remove(documentId));
	}

	private Mono<Void> change(Runnable change) {
		return Mono.fromRunnable(() -> {
			long lock = this.gate.readLock();
			try {
				change.run();
			}
			finally {
				this.gate.unlockRead(lock);
			}
		}).subscribeOn(this.writes).then();
	}

	/**
	 * Hybrid retrieval: BM25 and vectors, each filtered inside the query, fused by rank
	 * (weighted, {@link ChunkIndex#VECTOR_WEIGHT}).
	 */
	Mono<List<ChunkIndex.Hit>> search(String tenant, List<String> domains, String query, float[] vector, int k) {
		int candidates = Math.max(20, k * 4);
		return offload(() -> ChunkIndex.fuse(this.index.keyword(tenant, domains, query, candidates),
				this.index.nearest(tenant, domains, vector, candidates), k));
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
			return ChunkIndex.fuse(keyword, close, 1_100);
		});
	}

	private <T> Mono<T> offload(java.util.concurrent.Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(this.scheduler);
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
		this.writes.dispose();
		this.index.close();
	}

}
