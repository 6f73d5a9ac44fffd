package banyan.llm.rag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index of every tenant's chunks: BM25 over the text, HNSW over the vectors
 * (dot product of unit vectors), and the tenant, data domain, document and version as
 * exact fields. Every search carries the tenant and the allowed domains as a filter
 * inside the query. Blocking I/O: call it off the event loop.
 * <p>
 * Vectors of two embedding models do not compare (nor, often, have the same length), so
 * the index holds vectors of one model only, recorded with each commit. A chunk whose
 * vector another model made is indexed for BM25 only. An index opened with another model
 * than it holds vectors of finds nothing by vector until it is {@linkplain #rebuild
 * rebuilt}.
 */
final class ChunkIndex implements AutoCloseable {

	static final String TENANT = "tenant";

	static final String DOMAIN = "domain";

	static final String DOCUMENT = "document";

	static final String TEXT = "text";

	static final String VECTOR = "vector";

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final FSDirectory directory;

	private final IndexWriter writer;

	private final SearcherManager searchers;

	/** The commit data key of the highest stamp. */
	private static final String STAMP = "stamp";

	/** The commit data key of the model whose vectors the index holds. */
	private static final String MODEL = "model";

	private volatile long stamp;

	/** The embedding model of the vectors searched for and added. */
	private final String model;

	/** The model whose vectors the index holds; "" when unknown. */
	private volatile String indexed;

	/** Counts the changes searches can see; a cached result of an older one is stale. */
	private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * Opens (or creates) the index at the path, for vectors of the model.
	 */
	ChunkIndex(java.nio.file.Path path, String model) {
		this.model = model;
		try {
			Files.createDirectories(path);
			this.directory = FSDirectory.open(path);
			this.writer = new IndexWriter(this.directory,
					new IndexWriterConfig(this.analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
			this.searchers = new SearcherManager(this.writer, null);
			Map<String, String> committed = new HashMap<>();
			Iterable<Map.Entry<String, String>> data = this.writer.getLiveCommitData();
			if (data != null) {
				data.forEach((entry) -> committed.put(entry.getKey(), entry.getValue()));
			}
			this.stamp = Long.parseLong(committed.getOrDefault(STAMP, "0"));
			// An empty index holds no vector of any model.
			this.indexed = committed.getOrDefault(MODEL, (this.writer.getDocStats().numDocs == 0) ? model : "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The RAG index at " + path + " cannot be opened", ex);
		}
	}

	/** One chunk found, with its rank in each list (0 when absent from one). */
	record Hit(long documentId, int ordinal, String source, String sourceId, String title, String text, String domain,
			float score) {
	}

	/**
	 * Replaces what is indexed of the document with these chunks and makes it visible to
	 * searches at once; it reaches the disk with the next {@link #commit}.
	 * @param stamp when PostgreSQL stored this version (epoch microseconds); the highest
	 * stamp is recorded with each commit
	 */
	void replace(long documentId, List<Documents.Chunk> chunks, long stamp) {
		replaceAll(Map.of(documentId, chunks), stamp);
	}

	/**
	 * Replaces what is indexed of each document with its chunks (none: removes it), and
	 * makes all of them visible to searches at once, with one refresh.
	 * @param stamp the highest stamp among these versions
	 */
	void replaceAll(Map<Long, List<Documents.Chunk>> documents, long stamp) {
		try {
			for (Map.Entry<Long, List<Documents.Chunk>> document : documents.entrySet()) {
				this.writer.updateDocuments(new Term(DOCUMENT, Long.toString(document.getKey())),
						document.getValue().stream().map(this::document).toList());
			}
			this.stamp = Math.max(this.stamp, stamp);
			this.searchers.maybeRefreshBlocking();
			this.generation.incrementAndGet();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Removes the document from the index. */
	void remove(long documentId) {
		replace(documentId, List.of(), this.stamp);
	}

	/**
	 * Drops everything and indexes these chunks, stored up to the stamp, and commits;
	 * from then on the index holds vectors of its model only.
	 */
	void rebuild(List<Documents.Chunk> chunks, long stamp) {
		try {
			this.writer.deleteAll();
			this.indexed = this.model;
			for (Documents.Chunk chunk : chunks) {
				this.writer.addDocument(document(chunk));
			}
			this.stamp = stamp;
			this.searchers.maybeRefreshBlocking();
			this.generation.incrementAndGet();
			commit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes what changed since the last commit to disk, with the highest stamp. */
	synchronized void commit() {
		try {
			if (this.writer.hasUncommittedChanges()) {
				this.writer.setLiveCommitData(Map.of(STAMP, Long.toString(this.stamp), MODEL, this.indexed).entrySet());
				this.writer.commit();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the vectors the index holds are of its model; when not, it finds nothing by
	 * vector until rebuilt.
	 */
	boolean vectorsCurrent() {
		return this.indexed.equals(this.model);
	}

	/** The highest stamp of what the index holds (committed or not). */
	long stamp() {
		return this.stamp;
	}

	/**
	 * The generation of what searches see: it grows with every change made visible, so a
	 * result computed at an older one may be stale. Read it before searching.
	 */
	long generation() {
		return this.generation.get();
	}

	/** How many chunks are indexed. */
	int size() {
		return withSearcher((searcher) -> searcher.getIndexReader().numDocs());
	}

	/** The best {@code k} chunks by BM25, for the tenant within the domains. */
	List<Hit> keyword(String tenant, List<String> domains, String query, int k) {
		List<String> terms = terms(query);
		if (terms.isEmpty() || domains.isEmpty()) {
			return List.of();
		}
		BooleanQuery.Builder text = new BooleanQuery.Builder();
		for (String term : terms) {
			text.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
		}
		Query filtered = new BooleanQuery.Builder().add(text.build(), BooleanClause.Occur.MUST)
			.add(filter(tenant, domains), BooleanClause.Occur.FILTER)
			.build();
		return search(filtered, k);
	}

	/** The {@code k} nearest chunks to the vector, for the tenant within the domains. */
	List<Hit> nearest(String tenant, List<String> domains, float[] vector, int k) {
		if (domains.isEmpty() || !vectorsCurrent()) {
			return List.of();
		}
		return search(new KnnFloatVectorQuery(VECTOR, vector, k, filter(tenant, domains)), k);
	}

	private static Query filter(String tenant, List<String> domains) {
		return new BooleanQuery.Builder().add(new TermQuery(new Term(TENANT, tenant)), BooleanClause.Occur.FILTER)
			.add(new TermInSetQuery(DOMAIN, domains.stream().map(BytesRef::new).toList()), BooleanClause.Occur.FILTER)
			.build();
	}

	private List<Hit> search(Query query, int k) {
		return withSearcher((searcher) -> {
			List<Hit> hits = new ArrayList<>();
			var stored = searcher.storedFields();
			for (ScoreDoc found : searcher.search(query, k).scoreDocs) {
				Document document = stored.document(found.doc);
				hits.add(new Hit(Long.parseLong(document.get(DOCUMENT)),
						document.getField("ordinal").numericValue().intValue(), document.get("source"),
						document.get("source_id"), document.get("title"), document.get(TEXT), document.get(DOMAIN),
						found.score));
			}
			return hits;
		});
	}

	private List<String> terms(String query) {
		List<String> terms = new ArrayList<>();
		try (TokenStream stream = this.analyzer.tokenStream(TEXT, query)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken() && terms.size() < 64) {
				terms.add(term.toString());
			}
			stream.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return terms;
	}

	private Document document(Documents.Chunk chunk) {
		Document document = new Document();
		document.add(new StringField(TENANT, chunk.tenant(), Field.Store.NO));
		document.add(new StringField(DOMAIN, chunk.dataDomain(), Field.Store.YES));
		document.add(new StringField(DOCUMENT, Long.toString(chunk.documentId()), Field.Store.YES));
		document.add(new StringField("version", Long.toString(chunk.version()), Field.Store.YES));
		document.add(new StoredField("ordinal", chunk.ordinal()));
		document.add(new StoredField("source", chunk.source()));
		document.add(new StoredField("source_id", chunk.sourceId()));
		document.add(new StoredField("title", chunk.title()));
		document.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
		if (vectorsCurrent() && chunk.model().equals(this.model)) {
			document.add(new KnnFloatVectorField(VECTOR, chunk.embedding(), VectorSimilarityFunction.DOT_PRODUCT));
		}
		return document;
	}

	private <T> T withSearcher(SearcherWork<T> work) {
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				return work.apply(searcher);
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface SearcherWork<T> {

		T apply(IndexSearcher searcher) throws IOException;

	}

	@Override
	public void close() {
		try {
			commit();
			this.searchers.close();
			this.writer.close();
			this.directory.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The weight of the vector list against BM25's in the fusion. Three to one, as
	 * measured in {@code docs/evaluation.md}: on questions in customers' own words MiniLM
	 * ranks far better than BM25, and at equal weight a weak keyword list pulls good
	 * vector hits down; a rare exact term still lifts a passage BM25 ranks first.
	 */
	static final double VECTOR_WEIGHT = 3;

	/**
	 * Weighted reciprocal rank fusion (k = 60) of the BM25 and the vector list: the fused
	 * order, best first.
	 */
	static List<Hit> fuse(List<Hit> keyword, List<Hit> nearest, int k) {
		return fuse(keyword, nearest, VECTOR_WEIGHT, k);
	}

	static List<Hit> fuse(List<Hit> keyword, List<Hit> nearest, double vectorWeight, int k) {
		Map<String, Double> scores = new HashMap<>();
		Map<String, Hit> hits = new LinkedHashMap<>();
		double[] weights = { 1, vectorWeight };
		List<List<Hit>> lists = List.of(keyword, nearest);
		for (int list = 0; list < 2; list++) {
			List<Hit> ranked = lists.get(list);
			for (int rank = 0; rank < ranked.size(); rank++) {
				Hit hit = ranked.get(rank);
				String key = hit.documentId() + ":" + hit.ordinal();
				scores.merge(key, weights[list] / (60 + rank + 1), Double::sum);
				hits.putIfAbsent(key, hit);
			}
		}
		return hits.entrySet()
			.stream()
			.sorted((a, b) -> Double.compare(scores.get(b.getKey()), scores.get(a.getKey())))
			.limit(k)
			.map((entry) -> {
				Hit hit = entry.getValue();
				return new Hit(hit.documentId(), hit.ordinal(), hit.source(), hit.sourceId(), hit.title(), hit.text(),
						hit.domain(), scores.get(entry.getKey()).floatValue());
			})
			.toList();
	}

}
