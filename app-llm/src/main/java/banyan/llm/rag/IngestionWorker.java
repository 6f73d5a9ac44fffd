package banyan.llm.rag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import banyan.contracts.kb.ArticleChange;
import banyan.llm.embedding.Embedder;
import banyan.llm.provider.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the ingestion jobs: {@code workers} workers, each claiming up to {@link #BATCH}
 * jobs at once (their chunks embedded in one model call), each job with a lease so a job
 * whose worker died is taken up again. A document (an article, an upload) goes
 * hidden-text stripping → chunking → embedding (off the event loop) → one transaction
 * replacing the document's chunks → the index; a version whose content hash is stored
 * already, embedded by the configured model, changes nothing. A document embedded by
 * another model is embedded again from its stored chunks ({@link #REEMBED}). A failing
 * job is retried up to {@code max-attempts} times, then marked failed with its error.
 */
@Component
class IngestionWorker {

	static final String ARTICLE = "article";

	static final String RETRACT = "retract";

	static final String UPLOAD = "upload";

	/**
	 * Embedding a stored document's chunks again with the configured model; the payload
	 * is the document's id.
	 */
	static final String REEMBED = "reembed";

	static final String SOURCE_UPLOAD = "upload";

	static final String SOURCE_URL = "url";

	/** The most jobs a worker claims, and embeds the chunks of, at once. */
	static final int BATCH = 32;

	static final String SOURCE_ARTICLE = "article";

	private static final Logger log = LoggerFactory.getLogger(IngestionWorker.class);

	private final RagStore store;

	private final RagIndex index;

	private final Embedder embeddings;

	private final Chunker chunker;

	private final RagSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	IngestionWorker(RagStore store, RagIndex index, Embedder embeddings, TokenCounter tokens, RagSettings settings,
			JsonMapper json, Clock clock) {
		this.store = store;
		this.index = index;
		this.embeddings = embeddings;
		this.chunker = new Chunker(tokens, settings.chunkTokens(), settings.chunkOverlap());
		this.settings = settings;
		this.json = json;
		this.clock = clock;
	}

	/** Works off every runnable job, then waits for the next tick. */
	@Scheduled(fixedDelayString = "${banyan.llm.rag.work-interval:500ms}")
	void work() {
		Flux.range(0, this.settings.workers())
			.flatMap((worker) -> runBatch().repeat().takeWhile((ran) -> ran).then())
			.blockLast(Duration.ofMinutes(30));
	}

	/**
	 * Claims up to {@link #BATCH} jobs and runs them, their chunks embedded in one model
	 * call (a call's fixed cost dwarfs one article's chunks): whether there were any.
	 */
	Mono<Boolean> runBatch() {
		Instant now = this.clock.instant();
		return this.store.claimSome(BATCH, now, now.plus(this.settings.jobLease()))
			// Parsing payloads and chunking are CPU work: never on the database's event
			// loop.
			.publishOn(Schedulers.boundedElastic())
			// Reading the stored versions overlaps; the order stays the claim's.
			.flatMapSequential(
					(job) -> prepare(job).onErrorResume((failure) -> failed(job, failure).then(Mono.empty())), 8)
			.collectList()
			.flatMap((prepared) -> {
				if (prepared.isEmpty()) {
					return Mono.just(false);
				}
				List<String> texts = prepared.stream().flatMap((step) -> step.chunks().stream()).toList();
				Mono<List<float[]>> vectors = texts.isEmpty() ? Mono.just(List.of())
						: this.embeddings.embed(texts).map(Embedder.Embedded::vectors);
				List<Long> ids = prepared.stream().map((step) -> step.job().id()).toList();
				return vectors.flatMap((all) -> {
					List<Mono<Applied>> stores = new ArrayList<>();
					int offset = 0;
					for (Step step : prepared) {
						List<float[]> mine = all.subList(offset, offset + step.chunks().size());
						offset += step.chunks().size();
						stores.add(step.apply(mine)
							.map(Optional::of)
							.defaultIfEmpty(Optional.empty())
							.map((change) -> new Applied(step.job(), change))
							.onErrorResume((failure) -> failed(step.job(), failure).then(Mono.empty())));
					}
					// Each version is its own statement; several go at once.
					return this.store.progress(ids, 70, this.clock.instant())
						.thenMany(Flux.fromIterable(stores))
						.flatMap((store) -> store, 8)
						.collectList()
						.flatMap(this::index)
						.then(Mono.just(true));
				})
					.onErrorResume((failure) -> Flux.fromIterable(prepared)
						.concatMap((step) -> failed(step.job(), failure))
						.then(Mono.just(true)));
			});
	}

	/** A job whose version is stored, and what it changes in the index (if anything). */
	private record Applied(RagStore.Job job, Optional<RagIndex.Change> change) {
	}

	/**
	 * Makes the batch's stored versions visible to searches with one index refresh (a
	 * refresh per document cost more than embedding it), then marks their jobs done.
	 */
	private Mono<Void> index(List<Applied> applied) {
		List<RagIndex.Change> changes = applied.stream().flatMap((step) -> step.change().stream()).toList();
		Mono<Void> indexed = changes.isEmpty() ? Mono.empty() : this.index.apply(changes);
		return indexed
			.then(Mono.defer(() -> applied.isEmpty() ? Mono.empty()
					: this.store.done(applied.stream().map((step) -> step.job().id()).toList(), this.clock.instant())))
			.onErrorResume(
					(failure) -> Flux.fromIterable(applied).concatMap((step) -> failed(step.job(), failure)).then());
	}

	private Mono<Void> failed(RagStore.Job job, Throwable failure) {
		boolean last = job.attempts() >= this.settings.maxAttempts();
		log.warn("RAG job {} ({}) failed on attempt {}{}: {}", job.id(), job.kind(), job.attempts(),
				last ? ", giving up" : "", failure.toString());
		return this.store.finish(job.id(), last ? "failed" : "queued", failure.getMessage(), this.clock.instant());
	}

	/** What a job will do once its chunks are embedded. */
	private record Step(RagStore.Job job, List<String> chunks, Function<List<float[]>, Mono<RagIndex.Change>> action) {

		/** Stores the version; what to change in the index, or nothing. */
		Mono<RagIndex.Change> apply(List<float[]> vectors) {
			return this.action.apply(vectors);
		}

	}

	private Mono<Step> prepare(RagStore.Job job) {
		return switch (job.kind()) {
			case ARTICLE -> ingest(job, DocumentVersion.of(this.json.readValue(job.payload(), ArticleChange.class)));
			case UPLOAD -> ingest(job, this.json.readValue(job.payload(), DocumentVersion.class));
			case REEMBED -> reembed(job, Long.parseLong(job.payload()));
			case RETRACT -> Mono.just(new Step(job, List.of(),
					(none) -> retract(this.json.readValue(job.payload(), ArticleChange.class))));
			default -> Mono.error(new IllegalStateException("Unknown job kind " + job.kind()));
		};
	}

	private Mono<Step> ingest(RagStore.Job job, DocumentVersion change) {
		String title = HiddenText.strip(change.title());
		String body = HiddenText.strip(change.body());
		String hash = hash(title, body, change.dataDomain(), String.join(",", change.tags()));
		return this.store.findDocument(change.tenant(), change.source(), change.sourceId())
			.map((stored) -> (stored.contentHash().equals(hash) && stored.embeddingModel().equals(model()))
					|| stored.version() > change.version())
			.defaultIfEmpty(false)
			.publishOn(Schedulers.boundedElastic())
			.map((unchanged) -> {
				if (unchanged) {
					return new Step(job, List.of(), (none) -> Mono.empty());
				}
				List<String> chunks = this.chunker.chunks(title, body);
				return new Step(job, chunks,
						(vectors) -> this.store
							.replace(change.tenant(), change.source(), change.sourceId(), change.version(), title,
									change.dataDomain(), hash, change.tags(), change.occurredAt(), chunks, vectors,
									model(), this.clock.instant())
							.map((document) -> new RagIndex.Change(document.id(), indexed(document, chunks, vectors),
									document.stamp())));
			});
	}

	/**
	 * The stored document's chunks embedded by the configured model, unless they are
	 * already, the document is gone, or a later version is stored meanwhile.
	 */
	private Mono<Step> reembed(RagStore.Job job, long documentId) {
		return this.store.findDocument(documentId)
			.filter((stored) -> !stored.embeddingModel().equals(model()))
			.flatMap((stored) -> this.store.chunkTexts(documentId)
				.map((chunks) -> new Step(job, chunks,
						(vectors) -> this.store
							.replace(stored.tenant(), stored.source(), stored.sourceId(), stored.version(),
									stored.title(), stored.dataDomain(), stored.contentHash(), stored.tags(),
									stored.sourceUpdatedAt(), chunks, vectors, model(), this.clock.instant())
							.map((document) -> new RagIndex.Change(document.id(), indexed(document, chunks, vectors),
									document.stamp())))))
			.defaultIfEmpty(new Step(job, List.of(), (none) -> Mono.empty()));
	}

	private String model() {
		return this.embeddings.model();
	}

	private Mono<RagIndex.Change> retract(ArticleChange change) {
		return this.store.remove(change.tenant(), SOURCE_ARTICLE, Long.toString(change.articleId()))
			.map((document) -> new RagIndex.Change(document, List.of(), 0));
	}

	private static List<RagStore.Chunk> indexed(RagStore.Document document, List<String> texts, List<float[]> vectors) {
		List<RagStore.Chunk> chunks = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			chunks.add(new RagStore.Chunk(document.id(), i, texts.get(i), vectors.get(i), document.embeddingModel(),
					document.tenant(), document.dataDomain(), document.version(), document.title(), document.source(),
					document.sourceId()));
		}
		return chunks;
	}

	private static String hash(String... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
