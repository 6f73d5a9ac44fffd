package banyan.llm.rag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * RAG's tables in app-llm's PostgreSQL: documents with their chunks and vectors (the
 * source of truth the index is rebuilt from), the ingestion jobs and the feed cursor.
 */
@Component
class RagStore {

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	RagStore(DatabaseClient database, TransactionalOperator transactions) {
		this.database = database;
		this.transactions = transactions;
	}

	/** A document as stored. */
	record Document(long id, String tenant, String source, String sourceId, long version, String title,
			String dataDomain, String contentHash, List<String> tags, Instant sourceUpdatedAt, Instant updatedAt,
			String embeddingModel) {

		/** When PostgreSQL stored this version, in epoch microseconds. */
		long stamp() {
			return ChronoUnit.MICROS.between(Instant.EPOCH, this.updatedAt);
		}

	}

	/**
	 * One chunk with its vector, the model that made the vector, and what the index needs
	 * of its document.
	 */
	record Chunk(long documentId, int ordinal, String text, float[] embedding, String model, String tenant,
			String dataDomain, long version, String title, String source, String sourceId) {
	}

	/** A job as claimed. */
	record Job(long id, String tenant, String kind, String payload, int attempts) {
	}

	Mono<Document> findDocument(String tenant, String source, String sourceId) {
		return this.database
			.sql("select * from rag_documents where tenant = :tenant and source = :source and source_id = :sourceId")
			.bind("tenant", tenant)
			.bind("source", source)
			.bind("sourceId", sourceId)
			.map(RagStore::document)
			.one();
	}

	/** The document with this id. */
	Mono<Document> findDocument(long id) {
		return this.database.sql("select * from rag_documents where id = :id")
			.bind("id", id)
			.map(RagStore::document)
			.one();
	}

	/** The texts of the document's chunks, in order. */
	Mono<List<String>> chunkTexts(long documentId) {
		return this.database.sql("select text from rag_chunks where document_id = :id order by ordinal")
			.bind("id", documentId)
			.map((row, meta) -> row.get("text", String.class))
			.all()
			.collectList();
	}

	/**
	 * Stores the document's version and replaces its chunks, in one statement (so
	 * atomically, and in one round trip); the stored document, or nothing when a later
	 * version is stored already. The new chunks overwrite the old ones ordinal by ordinal
	 * and the old ones beyond them are deleted: the two touch different rows, so they can
	 * share the statement.
	 * @param model the embedding model that made the vectors
	 */
	Mono<Document> replace(String tenant, String source, String sourceId, long version, String title, String dataDomain,
			String contentHash, List<String> tags, Instant sourceUpdatedAt, List<String> texts, List<float[]> vectors,
			String model, Instant now) {
		int size = vectors.isEmpty() ? 0 : vectors.get(0).length * Float.BYTES;
		ByteBuffer embeddings = ByteBuffer.allocate(size * vectors.size()).order(ByteOrder.LITTLE_ENDIAN);
		for (float[] vector : vectors) {
			embeddings.asFloatBuffer().put(vector);
			embeddings.position(embeddings.position() + size);
		}
		embeddings.flip();
		return this.database
			.sql("""
					with doc as (
					    insert into rag_documents (tenant, source, source_id, version, title, data_domain, content_hash,
					        tags, source_updated_at, updated_at, embedding_model)
					    values (:tenant, :source, :sourceId, :version, :title, :domain, :hash, :tags, :sourceUpdatedAt, :now,
					        :model)
					    on conflict (tenant, source, source_id) do update
					    set version = excluded.version, title = excluded.title, data_domain = excluded.data_domain,
					        content_hash = excluded.content_hash, tags = excluded.tags,
					        source_updated_at = excluded.source_updated_at, updated_at = excluded.updated_at,
					        embedding_model = excluded.embedding_model
					    where rag_documents.version <= excluded.version
					    returning *),
					written as (
					    insert into rag_chunks (document_id, ordinal, text, embedding)
					    select doc.id, chunk.ordinal - 1, chunk.text,
					        substring(cast(:embeddings as bytea) from cast((chunk.ordinal - 1) * :size + 1 as int) for :size)
					    from doc, unnest(cast(:texts as text[])) with ordinality as chunk (text, ordinal)
					    on conflict (document_id, ordinal) do update set text = excluded.text, embedding = excluded.embedding),
					beyond as (
					    delete from rag_chunks where document_id = (select id from doc) and ordinal >= :count)
					select * from doc""")
			.bind("tags", String.join("\n", tags))
			.bind("sourceUpdatedAt", sourceUpdatedAt)
			.bind("tenant", tenant)
			.bind("source", source)
			.bind("sourceId", sourceId)
			.bind("version", version)
			.bind("title", title)
			.bind("domain", dataDomain)
			.bind("hash", contentHash)
			.bind("now", now)
			.bind("model", model)
			.bind("embeddings", embeddings)
			.bind("size", size)
			.bind("texts", texts.toArray(String[]::new))
			.bind("count", texts.size())
			.map(RagStore::document)
			.one();
	}

	/**
	 * Removes the document and its chunks; the removed document's id, if there was one.
	 */
	Mono<Long> remove(String tenant, String source, String sourceId) {
		return this.database
			.sql("delete from rag_documents where tenant = :tenant and source = :source and source_id = :sourceId "
					+ "returning id")
			.bind("tenant", tenant)
			.bind("source", source)
			.bind("sourceId", sourceId)
			.map((row, meta) -> row.get("id", Long.class))
			.one();
	}

	/** Every chunk, for rebuilding the index. */
	Flux<Chunk> allChunks() {
		return this.database.sql("""
				select c.document_id, c.ordinal, c.text, c.embedding, d.embedding_model, d.tenant, d.data_domain,
				       d.version, d.title, d.source, d.source_id
				from rag_chunks c join rag_documents d on d.id = c.document_id
				order by c.document_id, c.ordinal""").map((row, meta) -> chunk(row)).all();
	}

	/** The stamp of the latest stored version (epoch microseconds); 0 when none. */
	Mono<Long> latestStamp() {
		return this.database.sql("select max(updated_at) as latest from rag_documents")
			.map((row, meta) -> java.util.Optional.ofNullable(row.get("latest", Instant.class)))
			.one()
			.map((latest) -> latest.map((at) -> ChronoUnit.MICROS.between(Instant.EPOCH, at)).orElse(0L));
	}

	Mono<Long> countChunks() {
		return this.database.sql("select count(*) as n from rag_chunks")
			.map((row, meta) -> row.get("n", Long.class))
			.one();
	}

	// Jobs

	/**
	 * Queues a job to embed again each document whose vectors another model made, unless
	 * one is queued or running already: how many were queued.
	 */
	Mono<Long> queueReembedding(String model, Instant now) {
		return this.database.sql("""
				with queued as (
				    insert into rag_jobs (tenant, kind, payload, status, created_at, updated_at)
				    select d.tenant, :kind, cast(d.id as text), 'queued', :now, :now
				    from rag_documents d
				    where d.embedding_model <> :model
				      and not exists (select 1 from rag_jobs j
				                      where j.kind = :kind and j.payload = cast(d.id as text)
				                        and j.status in ('queued', 'running'))
				    returning id)
				select count(*) as n from queued""")
			.bind("kind", IngestionWorker.REEMBED)
			.bind("model", model)
			.bind("now", now)
			.map((row, meta) -> row.get("n", Long.class))
			.one();
	}

	Mono<Long> enqueue(String tenant, String kind, String payload, Instant now) {
		return this.database.sql("""
				insert into rag_jobs (tenant, kind, payload, status, created_at, updated_at)
				values (:tenant, :kind, :payload, 'queued', :now, :now) returning id""")
			.bind("tenant", tenant)
			.bind("kind", kind)
			.bind("payload", payload)
			.bind("now", now)
			.map((row, meta) -> row.get("id", Long.class))
			.one();
	}

	/**
	 * Claims up to {@code count} of the oldest runnable jobs at once, like
	 * {@link #claim}.
	 */
	Flux<Job> claimSome(int count, Instant now, Instant leaseUntil) {
		return this.database.sql("""
				update rag_jobs set status = 'running', attempts = attempts + 1, lease_until = :lease,
				    updated_at = :now
				where id in (select id from rag_jobs
				             where status = 'queued' or (status = 'running' and lease_until < :now)
				             order by id limit :count for update skip locked)
				returning id, tenant, kind, payload, attempts""")
			.bind("now", now)
			.bind("lease", leaseUntil)
			.bind("count", count)
			.map((row, meta) -> new Job(row.get("id", Long.class), row.get("tenant", String.class),
					row.get("kind", String.class), row.get("payload", String.class),
					row.get("attempts", Integer.class)))
			.all()
			.sort(java.util.Comparator.comparingLong(Job::id));
	}

	Mono<Void> progress(long job, int percent, Instant now) {
		return this.database.sql("update rag_jobs set progress = :p, updated_at = :now where id = :id")
			.bind("p", percent)
			.bind("now", now)
			.bind("id", job)
			.then();
	}

	/** Sets the progress of several jobs at once. */
	Mono<Void> progress(List<Long> jobs, int percent, Instant now) {
		return this.database.sql("update rag_jobs set progress = :p, updated_at = :now where id = any(:ids)")
			.bind("p", percent)
			.bind("now", now)
			.bind("ids", jobs.toArray(Long[]::new))
			.then();
	}

	/** Marks several jobs done at once. */
	Mono<Void> done(List<Long> jobs, Instant now) {
		return this.database.sql("""
				update rag_jobs set status = 'done', error = null, lease_until = null, updated_at = :now, progress = 100
				where id = any(:ids)""").bind("now", now).bind("ids", jobs.toArray(Long[]::new)).then();
	}

	Mono<Void> finish(long job, String status, @Nullable String error, Instant now) {
		var spec = this.database.sql("""
				update rag_jobs set status = :status, error = :error, lease_until = null, updated_at = :now,
				    progress = case when :status = 'done' then 100 else progress end
				where id = :id""").bind("status", status).bind("now", now).bind("id", job);
		return ((error != null) ? spec.bind("error", error) : spec.bindNull("error", String.class)).then();
	}

	/** A job's state, as {@code GET /rag/jobs/{id}} shows it, for its tenant only. */
	Mono<JobStatus> job(String tenant, long id) {
		return this.database.sql("select * from rag_jobs where id = :id and tenant = :tenant")
			.bind("id", id)
			.bind("tenant", tenant)
			.map((row, meta) -> new JobStatus(row.get("id", Long.class), row.get("kind", String.class),
					row.get("status", String.class), row.get("progress", Integer.class), row.get("error", String.class),
					row.get("attempts", Integer.class), row.get("created_at", Instant.class),
					row.get("updated_at", Instant.class)))
			.one();
	}

	// The feed cursor

	Mono<Long> cursor(String name) {
		return this.database.sql("select position from rag_feed_cursor where name = :name")
			.bind("name", name)
			.map((row, meta) -> row.get("position", Long.class))
			.one()
			.defaultIfEmpty(0L);
	}

	/**
	 * Queues the jobs and moves the cursor in one transaction: nothing missed or twice.
	 */
	Mono<Void> queueAndAdvance(String name, List<QueuedJob> jobs, long position, Instant now) {
		return Flux.fromIterable(jobs)
			.concatMap((job) -> enqueue(job.tenant(), job.kind(), job.payload(), now))
			.then(this.database.sql("""
					insert into rag_feed_cursor (name, position) values (:name, :position)
					on conflict (name) do update set position = excluded.position""")
				.bind("name", name)
				.bind("position", position)
				.then())
			.as(this.transactions::transactional);
	}

	/** A job to queue. */
	record QueuedJob(String tenant, String kind, String payload) {
	}

	private static Document document(Readable row) {
		return new Document(row.get("id", Long.class), row.get("tenant", String.class), row.get("source", String.class),
				row.get("source_id", String.class), row.get("version", Long.class), row.get("title", String.class),
				row.get("data_domain", String.class), row.get("content_hash", String.class),
				tags(row.get("tags", String.class)), row.get("source_updated_at", Instant.class),
				row.get("updated_at", Instant.class), row.get("embedding_model", String.class));
	}

	private static List<String> tags(@Nullable String joined) {
		return (joined == null || joined.isEmpty()) ? List.of() : List.of(joined.split("\n"));
	}

	/** The documents with these ids, of this tenant only. */
	Flux<Document> documents(String tenant, List<Long> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.database.sql("select * from rag_documents where tenant = :tenant and id = any(:ids)")
			.bind("tenant", tenant)
			.bind("ids", ids.toArray(Long[]::new))
			.map(RagStore::document)
			.all();
	}

	private static Chunk chunk(Readable row) {
		return new Chunk(row.get("document_id", Long.class), row.get("ordinal", Integer.class),
				row.get("text", String.class), floats(row.get("embedding", ByteBuffer.class)),
				row.get("embedding_model", String.class), row.get("tenant", String.class),
				row.get("data_domain", String.class), row.get("version", Long.class), row.get("title", String.class),
				row.get("source", String.class), row.get("source_id", String.class));
	}

	static byte[] bytes(float[] vector) {
		ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(vector);
		return buffer.array();
	}

	static float[] floats(ByteBuffer bytes) {
		ByteBuffer buffer = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		float[] vector = new float[buffer.remaining() / 4];
		buffer.asFloatBuffer().get(vector);
		return vector;
	}

}
