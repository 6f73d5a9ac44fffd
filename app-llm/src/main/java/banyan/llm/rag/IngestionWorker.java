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
 * another model is embedded again from its stored chunks
 * ({@link IngestionJobs.Kind#REEMBED}). A failing job is retried up to
 * {@code max-attempts} times, then marked failed with its error.
 */
@Component
class IngestionWorker {

	/** The most jobs a worker claims, and embeds the chunks of, at once. */
	static final int BATCH = 32;

	private static final Logger log = LoggerFactory.getLogger(IngestionWorker.class);

	private final IngestionJobs jobs;

	private final Documents documents;

	private final RagIndex index;

	private final Embedder embeddings;

	private final Chunker chunker;

	private final RagSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	IngestionWorker(IngestionJobs jobs, Documents documents, RagIndex index, Embedder embeddings, TokenCounter tokens,
			RagSettings settings, JsonMapper json, Clock clock) {
		this.jobs = jobs;
		this.documents = documents;
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
	 * Claims up to {@link #BATCH} jobs and runs them together: one read of the stored
	 * versions, their chunks embedded in one model call (a call's fixed cost dwarfs one
	 * article's chunks), one statement storing every new version, one index refresh.
	 * Whether there were any.
	 */
	Mono<Boolean> runBatch() {
		Instant now = this.clock.instant();
		return this.jobs.claimSome(BATCH, now, now.plus(this.settings.jobLease()))
			.collectList()
			.flatMap((jobs) -> jobs.isEmpty() ? Mono.just(false) : run(jobs).thenReturn(true));
	}

	/** What a job asks for. */
	private sealed interface Order {

		IngestionJobs.Job job();

	}

	/** A version of a document to store, its title and body stripped of hidden text. */
	private record Ingest(IngestionJobs.Job job, DocumentVersion change, String title, String body,
			String hash) implements Order {

		Documents.Key key() {
			return new Documents.Key(this.change.tenant(), this.change.source(), this.change.sourceId());
		}

	}

	/** A stored document to embed again with the configured model. */
	private record Reembed(IngestionJobs.Job job, long documentId) implements Order {
	}

	/** An article retracted: its document leaves. */
	private record Retract(IngestionJobs.Job job, ArticleChange change) implements Order {
	}

	/** A version to store once its chunks are embedded. */
	private record Write(IngestionJobs.Job job, Documents.Version version) {
	}

	/**
	 * What the batch will do: the versions to write (one per document), the retractions,
	 * and the jobs that change nothing.
	 */
	private record Plan(List<Write> writes, List<Retract> retracts, List<IngestionJobs.Job> unchanged) {
	}

	/** A job whose work is stored, and what it changes in the index (if anything). */
	private record Applied(IngestionJobs.Job job, Optional<RagIndex.Change> change) {
	}

	private Mono<Void> run(List<IngestionJobs.Job> jobs) {
		// Parsing payloads, hashing and chunking are CPU work: never on the database's
		// event loop.
		return Mono.fromCallable(() -> {
			List<Order> orders = new ArrayList<>();
			List<Mono<Void>> failures = new ArrayList<>();
			for (IngestionJobs.Job job : jobs) {
				try {
					orders.add(order(job));
				}
				catch (RuntimeException ex) {
					failures.add(failed(job, ex));
				}
			}
			// When the stored versions cannot be read, every job is tried again later.
			return Flux.concat(failures)
				.then(plan(orders).flatMap(this::execute)
					.onErrorResume((failure) -> Flux.fromIterable(orders)
						.concatMap((order) -> failed(order.job(), failure))
						.then()));
		}).subscribeOn(Schedulers.boundedElastic()).flatMap((run) -> run);
	}

	private Order order(IngestionJobs.Job job) {
		return switch (job.kind()) {
			case ARTICLE -> ingest(job, DocumentVersion.of(this.json.readValue(job.payload(), ArticleChange.class)));
			case UPLOAD -> ingest(job, this.json.readValue(job.payload(), DocumentVersion.class));
			case REEMBED -> new Reembed(job, Long.parseLong(job.payload()));
			case RETRACT -> new Retract(job, this.json.readValue(job.payload(), ArticleChange.class));
		};
	}

	private Ingest ingest(IngestionJobs.Job job, DocumentVersion change) {
		String title = HiddenText.strip(change.title());
		String body = HiddenText.strip(change.body());
		return new Ingest(job, change, title, body,
				hash(title, body, change.dataDomain(), String.join(",", change.tags())));
	}

	/**
	 * Reads what is stored of the orders' documents (one query per kind) and decides what
	 * each job does: a version whose content is stored already, embedded by the
	 * configured model, or older than the stored one, changes nothing.
	 */
	private Mono<Plan> plan(List<Order> orders) {
		List<Ingest> ingests = only(orders, Ingest.class);
		List<Reembed> reembeds = only(orders, Reembed.class);
		List<Long> reembedded = reembeds.stream().map(Reembed::documentId).distinct().toList();
		Mono<java.util.Map<Documents.Key, Documents.Document>> stored = this.documents
			.findDocuments(ingests.stream().map(Ingest::key).distinct().toList())
			.collectMap(Documents.Document::key);
		Mono<java.util.Map<Long, Documents.Document>> byId = this.documents.documentsWithIds(reembedded)
			.collectMap(Documents.Document::id);
		Mono<java.util.Map<Long, List<String>>> texts = reembedded.isEmpty() ? Mono.just(java.util.Map.of())
				: this.documents.chunkTexts(reembedded);
		return Mono.zip(stored, byId, texts).publishOn(Schedulers.boundedElastic()).map((state) -> {
			java.util.Map<Documents.Key, Write> writes = new java.util.LinkedHashMap<>();
			List<IngestionJobs.Job> unchanged = new ArrayList<>();
			for (Order order : orders) {
				Write write = switch (order) {
					case Ingest ingest -> write(ingest, state.getT1().get(ingest.key()));
					case Reembed reembed -> write(reembed, state.getT2().get(reembed.documentId()), state.getT3());
					case Retract retract -> null;
				};
				if (write == null) {
					if (!(order instanceof Retract)) {
						unchanged.add(order.job());
					}
					continue;
				}
				// Two versions of one document in a batch: the later one is stored.
				Write other = writes.get(write.version().key());
				if (other != null && other.version().version() > write.version().version()) {
					unchanged.add(write.job());
				}
				else {
					if (other != null) {
						unchanged.add(other.job());
					}
					writes.put(write.version().key(), write);
				}
			}
			return new Plan(List.copyOf(writes.values()), only(orders, Retract.class), unchanged);
		});
	}

	private @org.jspecify.annotations.Nullable Write write(Ingest ingest,
			Documents.@org.jspecify.annotations.Nullable Document stored) {
		DocumentVersion change = ingest.change();
		if (stored != null && ((stored.contentHash().equals(ingest.hash()) && stored.embeddingModel().equals(model()))
				|| stored.version() > change.version())) {
			return null;
		}
		List<String> chunks = this.chunker.chunks(ingest.title(), ingest.body());
		return new Write(ingest.job(), new Documents.Version(ingest.key(), change.version(), ingest.title(),
				change.dataDomain(), ingest.hash(), change.tags(), change.occurredAt(), chunks, List.of()));
	}

	/**
	 * The stored document's chunks to embed again with the configured model, unless they
	 * are already or the document is gone. A later version stored meanwhile wins.
	 */
	private @org.jspecify.annotations.Nullable Write write(Reembed reembed,
			Documents.@org.jspecify.annotations.Nullable Document stored, java.util.Map<Long, List<String>> texts) {
		if (stored == null || stored.embeddingModel().equals(model())) {
			return null;
		}
		return new Write(reembed.job(),
				new Documents.Version(stored.key(), stored.version(), stored.title(), stored.dataDomain(),
						stored.contentHash(), stored.tags(), stored.sourceUpdatedAt(),
						texts.getOrDefault(stored.id(), List.of()), List.of()));
	}

	/**
	 * Embeds and stores the writes, removes the retracted documents, then makes it all
	 * visible at once and marks the jobs done. A job that fails is failed alone where it
	 * can be.
	 */
	private Mono<Void> execute(Plan plan) {
		List<Applied> unchanged = plan.unchanged().stream().map((job) -> new Applied(job, Optional.empty())).toList();
		return Mono.zip(written(plan.writes()), retracted(plan.retracts())).flatMap((done) -> {
			List<Applied> applied = new ArrayList<>(done.getT1());
			applied.addAll(done.getT2());
			applied.addAll(unchanged);
			return index(applied);
		});
	}

	/**
	 * Embeds the chunks of every write in one call and stores the versions in one
	 * statement; when that statement fails, each version is stored on its own, and when
	 * embedding fails, every write fails.
	 */
	private Mono<List<Applied>> written(List<Write> writes) {
		if (writes.isEmpty()) {
			return Mono.just(List.of());
		}
		List<String> texts = writes.stream().flatMap((write) -> write.version().texts().stream()).toList();
		Mono<List<float[]>> vectors = texts.isEmpty() ? Mono.just(List.of())
				: this.embeddings.embed(texts).map(Embedder.Embedded::vectors);
		List<Long> writing = writes.stream().map((write) -> write.job().id()).toList();
		return vectors.flatMap((all) -> {
			List<Write> embedded = embedded(writes, all);
			return this.jobs.progress(writing, 70, this.clock.instant())
				.then(store(embedded))
				.onErrorResume((failure) -> Flux.fromIterable(embedded)
					.flatMap((write) -> store(List.of(write))
						.onErrorResume((alone) -> failed(write.job(), alone).then(Mono.empty())), 8)
					.flatMapIterable((applied) -> applied)
					.collectList());
		})
			.onErrorResume((failure) -> Flux.fromIterable(writes)
				.concatMap((write) -> failed(write.job(), failure))
				.then(Mono.just(List.of())));
	}

	/** The writes with their vectors: the batch's vectors, in the order of its texts. */
	private static List<Write> embedded(List<Write> writes, List<float[]> vectors) {
		List<Write> embedded = new ArrayList<>(writes.size());
		int offset = 0;
		for (Write write : writes) {
			Documents.Version version = write.version();
			int count = version.texts().size();
			embedded.add(new Write(write.job(), version.withVectors(vectors.subList(offset, offset + count))));
			offset += count;
		}
		return embedded;
	}

	/** Removes the retracted documents, each job failed alone. */
	private Mono<List<Applied>> retracted(List<Retract> retracts) {
		return Flux.fromIterable(retracts)
			.flatMap((retract) -> retract(retract.change()).map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.map((change) -> new Applied(retract.job(), change))
				.onErrorResume((failure) -> failed(retract.job(), failure).then(Mono.empty())), 8)
			.collectList();
	}

	/**
	 * Stores the versions in one statement: each job with what it changes in the index.
	 */
	private Mono<List<Applied>> store(List<Write> writes) {
		return this.documents.replaceAll(writes.stream().map(Write::version).toList(), model(), this.clock.instant())
			.collectMap(Documents.Document::key)
			.map((stored) -> writes.stream().map((write) -> {
				Documents.Document document = stored.get(write.version().key());
				// Not stored: a later version was stored meanwhile.
				return new Applied(write.job(),
						Optional.ofNullable(document)
							.map((found) -> new RagIndex.Change(found.id(),
									indexed(found, write.version().texts(), write.version().vectors()),
									found.stamp())));
			}).toList());
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
					: this.jobs.done(applied.stream().map((step) -> step.job().id()).toList(), this.clock.instant())))
			.onErrorResume(
					(failure) -> Flux.fromIterable(applied).concatMap((step) -> failed(step.job(), failure)).then());
	}

	private Mono<Void> failed(IngestionJobs.Job job, Throwable failure) {
		boolean last = job.attempts() >= this.settings.maxAttempts();
		log.warn("RAG job {} ({}) failed on attempt {}{}: {}", job.id(), job.kind(), job.attempts(),
				last ? ", giving up" : "", failure.toString());
		// The cause's own words (a database error, not the statement that met it).
		String error = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
		return this.jobs.finish(job.id(), last ? IngestionJobs.State.FAILED : IngestionJobs.State.QUEUED, error,
				this.clock.instant());
	}

	private String model() {
		return this.embeddings.model();
	}

	private Mono<RagIndex.Change> retract(ArticleChange change) {
		return this.documents.remove(change.tenant(), DocumentSource.ARTICLE.value(), Long.toString(change.articleId()))
			.map((document) -> new RagIndex.Change(document, List.of(), 0));
	}

	private static <T extends Order> List<T> only(List<Order> orders, Class<T> kind) {
		return orders.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	private static List<Documents.Chunk> indexed(Documents.Document document, List<String> texts,
			List<float[]> vectors) {
		List<Documents.Chunk> chunks = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			chunks.add(new Documents.Chunk(document.id(), i, texts.get(i), vectors.get(i), document.embeddingModel(),
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
