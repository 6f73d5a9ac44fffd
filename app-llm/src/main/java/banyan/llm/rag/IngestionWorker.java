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
	 * Claims up to {@link #BATCH} jobs and runs them together: one read of the stored
	 * versions, their chunks embedded in one model call (a call's fixed cost dwarfs one
	 * article's chunks), one statement storing every new version, one index refresh.
	 * Whether there were any.
	 */
	Mono<Boolean> runBatch() {
		Instant now = this.clock.instant();
		return this.store.claimSome(BATCH, now, now.plus(this.settings.jobLease()))
			.collectList()
			.flatMap((jobs) -> jobs.isEmpty() ? Mono.just(false) : run(jobs).thenReturn(true));
	}

	/** What a job asks for. */
	private sealed interface Order {

		RagStore.Job job();

	}

	/** A version of a document to store, its title and body stripped of hidden text. */
	private record Ingest(RagStore.Job job, DocumentVersion change, String title, String body,
			String hash) implements Order {

		RagStore.Key key() {
			return new RagStore.Key(this.change.tenant(), this.change.source(), this.change.sourceId());
		}

	}

	/** A stored document to embed again with the configured model. */
	private record Reembed(RagStore.Job job, long documentId) implements Order {
	}

	/** An article retracted: its document leaves. */
	private record Retract(RagStore.Job job, ArticleChange change) implements Order {
	}

	/** A version to store once its chunks are embedded. */
	private record Write(RagStore.Job job, RagStore.Version version) {
	}

	/**
	 * What the batch will do: the versions to write (one per document), the retractions,
	 * and the jobs that change nothing.
	 */
	private record Plan(List<Write> writes, List<Retract> retracts, List<RagStore.Job> unchanged) {
	}

	/** A job whose work is stored, and what it changes in the index (if anything). */
	private record Applied(RagStore.Job job, Optional<RagIndex.Change> change) {
	}

	private Mono<Void> run(List<RagStore.Job> jobs) {
		// Parsing payloads, hashing and chunking are CPU work: never on the database's
		// event loop.
		return Mono.fromCallable(() -> {
			List<Order> orders = new ArrayList<>();
			List<Mono<Void>> failures = new ArrayList<>();
			for (RagStore.Job job : jobs) {
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

	private Order order(RagStore.Job job) {
		return switch (job.kind()) {
			case ARTICLE -> ingest(job, DocumentVersion.of(this.json.readValue(job.payload(), ArticleChange.class)));
			case UPLOAD -> ingest(job, this.json.readValue(job.payload(), DocumentVersion.class));
			case REEMBED -> new Reembed(job, Long.parseLong(job.payload()));
			case RETRACT -> new Retract(job, this.json.readValue(job.payload(), ArticleChange.class));
			default -> throw new IllegalStateException("Unknown job kind " + job.kind());
		};
	}

	private Ingest ingest(RagStore.Job job, DocumentVersion change) {
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
		Mono<java.util.Map<RagStore.Key, RagStore.Document>> stored = this.store
			.findDocuments(ingests.stream().map(Ingest::key).distinct().toList())
			.collectMap(RagStore.Document::key);
		Mono<java.util.Map<Long, RagStore.Document>> byId = this.store.documentsWithIds(reembedded)
			.collectMap(RagStore.Document::id);
		Mono<java.util.Map<Long, List<String>>> texts = reembedded.isEmpty() ? Mono.just(java.util.Map.of())
				: this.store.chunkTexts(reembedded);
		return Mono.zip(stored, byId, texts).publishOn(Schedulers.boundedElastic()).map((state) -> {
			java.util.Map<RagStore.Key, Write> writes = new java.util.LinkedHashMap<>();
			List<RagStore.Job> unchanged = new ArrayList<>();
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
			RagStore.@org.jspecify.annotations.Nullable Document stored) {
		DocumentVersion change = ingest.change();
		if (stored != null && ((stored.contentHash().equals(ingest.hash()) && stored.embeddingModel().equals(model()))
				|| stored.version() > change.version())) {
			return null;
		}
		List<String> chunks = this.chunker.chunks(ingest.title(), ingest.body());
		return new Write(ingest.job(), new RagStore.Version(ingest.key(), change.version(), ingest.title(),
				change.dataDomain(), ingest.hash(), change.tags(), change.occurredAt(), chunks, List.of()));
	}

	/**
	 * The stored document's chunks to embed again with the configured model, unless they
	 * are already or the document is gone. A later version stored meanwhile wins.
	 */
	private @org.jspecify.annotations.Nullable Write write(Reembed reembed,
			RagStore.@org.jspecify.annotations.Nullable Document stored, java.util.Map<Long, List<String>> texts) {
		if (stored == null || stored.embeddingModel().equals(model())) {
			return null;
		}
		return new Write(reembed.job(),
				new RagStore.Version(stored.key(), stored.version(), stored.title(), stored.dataDomain(),
						stored.contentHash(), stored.tags(), stored.sourceUpdatedAt(),
						texts.getOrDefault(stored.id(), List.of()), List.of()));
	}

	/**
	 * Embeds the chunks of every write in one call, stores the versions in one statement,
	 * removes the retracted documents, then makes it all visible at once and marks the
	 * jobs done. A job that fails is failed alone where it can be: when the statement
	 * storing every version fails, each version is stored on its own.
	 */
	private Mono<Void> execute(Plan plan) {
		List<String> texts = plan.writes().stream().flatMap((write) -> write.version().texts().stream()).toList();
		Mono<List<float[]>> vectors = texts.isEmpty() ? Mono.just(List.of())
				: this.embeddings.embed(texts).map(Embedder.Embedded::vectors);
		List<Long> writing = plan.writes().stream().map((write) -> write.job().id()).toList();
		Mono<List<Applied>> written = plan.writes().isEmpty() ? Mono.just(List.of()) : vectors.flatMap((all) -> {
			List<Write> embedded = new ArrayList<>();
			int offset = 0;
			for (Write write : plan.writes()) {
				RagStore.Version version = write.version();
				int count = version.texts().size();
				embedded.add(new Write(write.job(), version.withVectors(all.subList(offset, offset + count))));
				offset += count;
			}
			return this.store.progress(writing, 70, this.clock.instant())
				.then(store(embedded))
				.onErrorResume((failure) -> Flux.fromIterable(embedded)
					.flatMap((write) -> store(List.of(write))
						.onErrorResume((alone) -> failed(write.job(), alone).then(Mono.empty())), 8)
					.flatMapIterable((applied) -> applied)
					.collectList());
		})
			.onErrorResume((failure) -> Flux.fromIterable(plan.writes())
				.concatMap((write) -> failed(write.job(), failure))
				.then(Mono.just(List.of())));
		Mono<List<Applied>> retracted = Flux.fromIterable(plan.retracts())
			.flatMap((retract) -> retract(retract.change()).map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.map((change) -> new Applied(retract.job(), change))
				.onErrorResume((failure) -> failed(retract.job(), failure).then(Mono.empty())), 8)
			.collectList();
		List<Applied> unchanged = plan.unchanged().stream().map((job) -> new Applied(job, Optional.empty())).toList();
		return Mono.zip(written, retracted).flatMap((done) -> {
			List<Applied> applied = new ArrayList<>(done.getT1());
			applied.addAll(done.getT2());
			applied.addAll(unchanged);
			return index(applied);
		});
	}

	/**
	 * Stores the versions in one statement: each job with what it changes in the index.
	 */
	private Mono<List<Applied>> store(List<Write> writes) {
		return this.store.replaceAll(writes.stream().map(Write::version).toList(), model(), this.clock.instant())
			.collectMap(RagStore.Document::key)
			.map((stored) -> writes.stream().map((write) -> {
				RagStore.Document document = stored.get(write.version().key());
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
					: this.store.done(applied.stream().map((step) -> step.job().id()).toList(), this.clock.instant())))
			.onErrorResume(
					(failure) -> Flux.fromIterable(applied).concatMap((step) -> failed(step.job(), failure)).then());
	}

	private Mono<Void> failed(RagStore.Job job, Throwable failure) {
		boolean last = job.attempts() >= this.settings.maxAttempts();
		log.warn("RAG job {} ({}) failed on attempt {}{}: {}", job.id(), job.kind(), job.attempts(),
				last ? ", giving up" : "", failure.toString());
		// The cause's own words (a database error, not the statement that met it).
		String error = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
		return this.store.finish(job.id(), last ? "failed" : "queued", error, this.clock.instant());
	}

	private String model() {
		return this.embeddings.model();
	}

	private Mono<RagIndex.Change> retract(ArticleChange change) {
		return this.store.remove(change.tenant(), SOURCE_ARTICLE, Long.toString(change.articleId()))
			.map((document) -> new RagIndex.Change(document, List.of(), 0));
	}

	private static <T extends Order> List<T> only(List<Order> orders, Class<T> kind) {
		return orders.stream().filter(kind::isInstance).map(kind::cast).toList();
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
