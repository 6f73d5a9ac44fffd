package banyan.llm.rag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * RAG's documents in app-llm's PostgreSQL, with their chunks and vectors: the source of
 * truth the index is rebuilt from.
 */
@Component
class Documents {

	private final DatabaseClient database;

	Documents(DatabaseClient database) {
		this.database = database;
	}

	/** A document as stored. */
	record Document(long id, String tenant, String source, String sourceId, long version, String title,
			String dataDomain, String contentHash, List<String> tags, Instant sourceUpdatedAt, Instant updatedAt,
			String embeddingModel) {

		Key key() {
			return new Key(this.tenant, this.source, this.sourceId);
		}

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

	Mono<Document> findDocument(String tenant, String source, String sourceId) {
		return findDocuments(List.of(new Key(tenant, source, sourceId))).next();
	}

	/** A document's key: unique among all documents. */
	record Key(String tenant, String source, String sourceId) {
	}

	/**
	 * A version of a document to store, with its chunks and their vectors.
	 *
	 * @param texts the chunks' texts, in order
	 * @param vectors their vectors, in the same order
	 */
	record Version(Key key, long version, String title, String dataDomain, String contentHash, List<String> tags,
			Instant sourceUpdatedAt, List<String> texts, List<float[]> vectors) {

		/** This version with its chunks' vectors. */
		Version withVectors(List<float[]> vectors) {
			return new Version(this.key, this.version, this.title, this.dataDomain, this.contentHash, this.tags,
					this.sourceUpdatedAt, this.texts, vectors);
		}

	}

	/** The stored documents with these keys (those there are). */
	Flux<Document> findDocuments(List<Key> keys) {
		if (keys.isEmpty()) {
			return Flux.empty();
		}
		return this.database.sql("""
				select d.* from rag_documents d
				join unnest(cast(:tenants as text[]), cast(:sources as text[]), cast(:ids as text[]))
				    as k (tenant, source, source_id)
				  on d.tenant = k.tenant and d.source = k.source and d.source_id = k.source_id""")
			.bind("tenants", keys.stream().map(Key::tenant).toArray(String[]::new))
			.bind("sources", keys.stream().map(Key::source).toArray(String[]::new))
			.bind("ids", keys.stream().map(Key::sourceId).toArray(String[]::new))
			.map(Documents::document)
			.all();
	}

	/** The documents with these ids, of any tenant (those there are). */
	Flux<Document> documentsWithIds(java.util.Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.database.sql("select * from rag_documents where id = any(:ids)")
			.bind("ids", ids.toArray(Long[]::new))
			.map(Documents::document)
			.all();
	}

	/** The texts of the documents' chunks, in order, by document id. */
	Mono<java.util.Map<Long, List<String>>> chunkTexts(java.util.Collection<Long> documentIds) {
		return this.database
			.sql("select document_id, text from rag_chunks where document_id = any(:ids) order by document_id, ordinal")
			.bind("ids", documentIds.toArray(Long[]::new))
			.map((row, meta) -> java.util.Map.entry(row.get("document_id", Long.class), row.get("text", String.class)))
			.all()
			.collect(java.util.stream.Collectors.groupingBy(java.util.Map.Entry::getKey, java.util.stream.Collectors
				.mapping(java.util.Map.Entry::getValue, java.util.stream.Collectors.toList())));
	}

	/**
	 * Stores the versions and replaces their documents' chunks, all in one statement (so
	 * atomically, and in one round trip and one commit); the stored documents. A version
	 * older than the one stored is not stored. The new chunks overwrite the old ones
	 * ordinal by ordinal and the old ones beyond them are deleted: the two touch
	 * different rows, so they can share the statement. The keys must differ.
	 * @param model the embedding model that made the vectors
	 */
	Flux<Document> replaceAll(List<Version> versions, String model, Instant now) {
		if (versions.isEmpty()) {
			return Flux.empty();
		}
		List<Integer> positions = new ArrayList<>();
		List<Integer> ordinals = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		List<float[]> vectors = new ArrayList<>();
		for (int i = 0; i < versions.size(); i++) {
			Version version = versions.get(i);
			for (int ordinal = 0; ordinal < version.texts().size(); ordinal++) {
				positions.add(i + 1);
				ordinals.add(ordinal);
			}
			texts.addAll(version.texts());
			vectors.addAll(version.vectors());
		}
		int size = vectors.isEmpty() ? 0 : vectors.get(0).length * Float.BYTES;
		ByteBuffer embeddings = ByteBuffer.allocate(size * vectors.size()).order(ByteOrder.LITTLE_ENDIAN);
		for (float[] vector : vectors) {
			embeddings.asFloatBuffer().put(vector);
			embeddings.position(embeddings.position() + size);
		}
		embeddings.flip();
		return this.database
			.sql("""
					with input as (
					    select * from unnest(cast(:tenants as text[]), cast(:sources as text[]), cast(:sourceIds as text[]),
					        cast(:versions as bigint[]), cast(:titles as text[]), cast(:domains as text[]),
					        cast(:hashes as text[]), cast(:tags as text[]), cast(:sourceUpdatedAt as text[]),
					        cast(:counts as int[]))
					    with ordinality as i (tenant, source, source_id, version, title, data_domain, content_hash, tags,
					        source_updated_at, chunk_count, position)),
					doc as (
					    insert into rag_documents (tenant, source, source_id, version, title, data_domain, content_hash,
					        tags, source_updated_at, updated_at, embedding_model)
					    select tenant, source, source_id, version, title, data_domain, content_hash, tags,
					        cast(source_updated_at as timestamptz), :now, :model
					    from input
					    on conflict (tenant, source, source_id) do update
					    set version = excluded.version, title = excluded.title, data_domain = excluded.data_domain,
					        content_hash = excluded.content_hash, tags = excluded.tags,
					        source_updated_at = excluded.source_updated_at, updated_at = excluded.updated_at,
					        embedding_model = excluded.embedding_model
					    where rag_documents.version <= excluded.version
					    returning *),
					stored as (
					    select doc.id, input.position, input.chunk_count
					    from doc join input
					      on doc.tenant = input.tenant and doc.source = input.source and doc.source_id = input.source_id),
					chunk as (
					    select * from unnest(cast(:positions as int[]), cast(:ordinals as int[]), cast(:texts as text[]))
					    with ordinality as c (position, ordinal, text, k)),
					written as (
					    insert into rag_chunks (document_id, ordinal, text, embedding)
					    select stored.id, chunk.ordinal, chunk.text,
					        substring(cast(:embeddings as bytea) from cast((chunk.k - 1) * :size + 1 as int) for :size)
					    from chunk join stored on stored.position = chunk.position
					    on conflict (document_id, ordinal) do update set text = excluded.text, embedding = excluded.embedding),
					beyond as (
					    delete from rag_chunks r using stored
					    where r.document_id = stored.id and r.ordinal >= stored.chunk_count)
					select * from doc""")
			.bind("tenants", versions.stream().map((v) -> v.key().tenant()).toArray(String[]::new))
			.bind("sources", versions.stream().map((v) -> v.key().source()).toArray(String[]::new))
			.bind("sourceIds", versions.stream().map((v) -> v.key().sourceId()).toArray(String[]::new))
			.bind("versions", versions.stream().map(Version::version).toArray(Long[]::new))
			.bind("titles", versions.stream().map(Version::title).toArray(String[]::new))
			.bind("domains", versions.stream().map(Version::dataDomain).toArray(String[]::new))
			.bind("hashes", versions.stream().map(Version::contentHash).toArray(String[]::new))
			.bind("tags", versions.stream().map((v) -> String.join("\n", v.tags())).toArray(String[]::new))
			.bind("sourceUpdatedAt",
					versions.stream().map((v) -> v.sourceUpdatedAt().toString()).toArray(String[]::new))
			.bind("counts", versions.stream().map((v) -> v.texts().size()).toArray(Integer[]::new))
			.bind("now", now)
			.bind("model", model)
			.bind("positions", positions.toArray(Integer[]::new))
			.bind("ordinals", ordinals.toArray(Integer[]::new))
			.bind("texts", texts.toArray(String[]::new))
			.bind("embeddings", embeddings)
			.bind("size", size)
			.map(Documents::document)
			.all();
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
			.map(Documents::document)
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
