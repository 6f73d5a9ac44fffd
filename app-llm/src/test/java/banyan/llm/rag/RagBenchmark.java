package banyan.llm.rag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import banyan.llm.embedding.Embeddings;
import banyan.llm.provider.TokenCounter;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * RAG figures, printed (not a test of the suite: run it on its own, see
 * docs/benchmarks.md): raw embedding throughput against the ingestion pipeline's (chunk,
 * embed, index; PostgreSQL not included), and search latency with HNSW recall@10 against
 * exact search at 10,000 and 100,000 chunks (synthetic vectors clustered around 1,000
 * topics, so the figures do not depend on the sample's size).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "banyan.llm.rag.work-interval=1h")
class RagBenchmark {

	@Autowired
	IngestionWorker worker;

	@Autowired
	Documents documents;

	@Autowired
	IngestionJobs jobs;

	@Autowired
	JsonMapper json;

	@Autowired
	Embeddings embeddings;

	@Test
	void printFigures() throws Exception {
		pipeline(this.embeddings);
		if (!Boolean.getBoolean("rag.benchmark.pipeline-only")) {
			search(this.embeddings, 10_000);
			search(this.embeddings, 100_000);
		}
	}

	private void pipeline(Embeddings embeddings) throws Exception {
		List<String[]> articles = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("../app-legacy/src/main/resources/sample-kb"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".md")).sorted().toList()) {
				String[] parts = Files.readString(file).split("(?m)^---\\s*$", 3);
				articles.add(new String[] { file.getFileName().toString(), parts[2].strip() });
			}
		}
		Chunker chunker = new Chunker(new TokenCounter(), 200, 40);
		List<String> texts = new ArrayList<>();
		for (int round = 0; round < 8; round++) {
			for (String[] article : articles) {
				texts.addAll(chunker.chunks(article[0] + " " + round, article[1]));
			}
		}
		// Both warmed up first: the model, and the chunker and index code (class loading,
		// JIT).
		embeddings.embedAllNow(texts.subList(0, 64));
		runPipeline(embeddings, chunker, articles, 2);
		// Until the JIT has compiled the application's paths: it competes for the cores.
		// Runs until the JIT compiles for less than a tenth of a run's time, at most
		// rag.benchmark.warmups of them.
		int warmUps = Integer.getInteger("rag.benchmark.warmups", 10);
		for (int warmUp = 0; warmUp < warmUps; warmUp++) {
			long jit = jitMillis();
			long started = System.nanoTime();
			runJobs(articles, 100 + 10 * warmUp, 8, 2);
			if (jitMillis() - jit < (System.nanoTime() - started) / 10_000_000) {
				System.out.printf("warmed up after %d runs%n", warmUp + 1);
				break;
			}
		}
		// The raw model and the whole pipeline in turns, so that what else the shared
		// machine does weighs on both alike; each ratio compares neighbouring runs.
		int pairs = Integer.getInteger("rag.benchmark.pairs", 3);
		double[] raws = new double[pairs];
		double[] wholes = new double[pairs];
		double[] ratios = new double[pairs];
		for (int pair = 0; pair < pairs; pair++) {
			raws[pair] = raw(embeddings, texts);
			wholes[pair] = runJobs(articles, 1_000 + 10 * pair, 8, 2);
			ratios[pair] = wholes[pair] / raws[pair];
			System.out.printf("pair %d: raw %.0f, whole pipeline %.0f chunks/s: %.0f%%%n", pair + 1, raws[pair],
					wholes[pair], 100 * ratios[pair]);
		}
		double raw = median(raws);
		double pipeline = runPipeline(embeddings, chunker, articles, 8);
		double one = runJobs(articles, 2_000, 8, 1);
		System.out.printf("%n| ingestion | chunks/s |%n|---|---|%n| raw model (batches of %d), median of %d | %.0f |%n"
				+ "| pipeline without PostgreSQL (chunk, embed a batch of jobs, index) | %.0f (%.0f%% of raw) |%n"
				+ "| whole pipeline: jobs in PostgreSQL, 1 worker | %.0f (%.0f%% of raw) |%n"
				+ "| whole pipeline: jobs in PostgreSQL, 2 workers (the default), median of %d | %.0f "
				+ "(median ratio to the raw run before it: %.0f%%) |%n%n", IngestionWorker.BATCH, pairs, raw, pipeline,
				100 * pipeline / raw, one, 100 * one / raw, pairs, median(wholes), 100 * median(ratios));
	}

	/** The raw model over the texts in batches: chunks per second. */
	private static double raw(Embeddings embeddings, List<String> texts) {
		long start = System.nanoTime();
		long cpu = cpu();
		for (int i = 0; i < texts.size(); i += IngestionWorker.BATCH) {
			embeddings.embedAllNow(texts.subList(i, Math.min(texts.size(), i + IngestionWorker.BATCH)));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("raw model over %d chunks: %.2f s, %.2f CPU-s in this JVM%n", texts.size(), seconds,
				(cpu() - cpu) / 1e9);
		return texts.size() / seconds;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

	/**
	 * The application's own workers over {@code rounds} copies of the articles queued as
	 * jobs in PostgreSQL: claim, read the stored version, chunk, embed, store chunks and
	 * vectors, index, mark done; chunks per second from the first claim to the last job
	 * done.
	 */
	private double runJobs(List<String[]> articles, int firstRound, int rounds, int workers) {
		long before = this.documents.countChunks().block();
		java.time.Instant now = java.time.Instant.now();
		for (int round = firstRound; round < firstRound + rounds; round++) {
			for (String[] article : articles) {
				String payload = this.json.writeValueAsString(new DocumentVersion("bench", "upload",
						article[0] + " " + round, 1, article[0], article[1], "bikes", List.of(), now));
				this.jobs.enqueue("bench", IngestionJobs.Kind.UPLOAD, payload, now).block();
			}
		}
		java.util.Map<String, Long> threads = threadCpu();
		long gc = gcMillis();
		long jit = jitMillis();
		long start = System.nanoTime();
		long cpu = cpu();
		reactor.core.publisher.Flux.range(0, workers)
			.flatMap((w) -> this.worker.runBatch().repeat().takeWhile((ran) -> ran).then())
			.blockLast();
		double seconds = (System.nanoTime() - start) / 1e9;
		long chunks = this.documents.countChunks().block() - before;
		System.out.printf("whole pipeline over %d chunks with %d workers: %.2f s, %.2f CPU-s in this JVM%n", chunks,
				workers, seconds, (cpu() - cpu) / 1e9);
		java.util.Map<String, Long> after = threadCpu();
		System.out.printf("  GC %d ms, JIT %d ms%n", gcMillis() - gc, jitMillis() - jit);
		after.forEach((name, nanos) -> {
			long used = nanos - threads.getOrDefault(name, 0L);
			if (used > 50_000_000) {
				System.out.printf("  %s: %.2f CPU-s%n", name, used / 1e9);
			}
		});
		return chunks / seconds;
	}

	/**
	 * The pipeline as a worker runs it over {@code rounds} copies of the articles: the
	 * chunks of up to {@link IngestionWorker#BATCH} jobs embedded in one model call, then
	 * indexed with one refresh; chunks per second.
	 */
	private static double runPipeline(Embeddings embeddings, Chunker chunker, List<String[]> articles, int rounds)
			throws Exception {
		Path directory = Files.createTempDirectory("banyan-bench");
		try (ChunkIndex index = new ChunkIndex(directory, "minilm")) {
			long start = System.nanoTime();
			long id = 0;
			int chunks = 0;
			long chunking = 0;
			long embedding = 0;
			long indexing = 0;
			List<String[]> all = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				for (String[] article : articles) {
					all.add(new String[] { article[0] + " " + round, article[1] });
				}
			}
			for (int from = 0; from < all.size(); from += IngestionWorker.BATCH) {
				List<String[]> batch = all.subList(from, Math.min(all.size(), from + IngestionWorker.BATCH));
				long phase = System.nanoTime();
				List<List<String>> pieces = batch.stream().map((a) -> chunker.chunks(a[0], a[1])).toList();
				chunking += System.nanoTime() - phase;
				phase = System.nanoTime();
				List<float[]> vectors = embeddings.embedAllNow(pieces.stream().flatMap(List::stream).toList());
				embedding += System.nanoTime() - phase;
				phase = System.nanoTime();
				int offset = 0;
				java.util.Map<Long, List<Documents.Chunk>> written = new java.util.LinkedHashMap<>();
				for (List<String> article : pieces) {
					List<Documents.Chunk> rows = new ArrayList<>();
					id++;
					for (int i = 0; i < article.size(); i++) {
						rows.add(new Documents.Chunk(id, i, article.get(i), vectors.get(offset + i), "minilm", "bench",
								"bikes", 1, "t", "article", Long.toString(id)));
					}
					offset += article.size();
					written.put(id, rows);
					chunks += article.size();
				}
				index.replaceAll(written, id);
				indexing += System.nanoTime() - phase;
			}
			double rate = chunks / ((System.nanoTime() - start) / 1e9);
			System.out.printf("pipeline over %d chunks: chunking %.2f s, embedding %.2f s, indexing %.2f s%n", chunks,
					chunking / 1e9, embedding / 1e9, indexing / 1e9);
			return rate;
		}
	}

	private static void search(Embeddings embeddings, int size) throws Exception {
		Random random = new Random(42);
		List<Documents.Chunk> chunks = new ArrayList<>(size);
		float[][] vectors = new float[size][];
		String[] words = { "battery", "invoice", "delivery", "brake", "saddle", "refund", "deposit", "tyre", "app",
				"login", "charge", "slot", "helmet", "winter", "theft" };
		// Clustered like real embeddings: 1,000 topics, each chunk near its topic.
		float[][] topics = new float[1_000][];
		for (int t = 0; t < topics.length; t++) {
			topics[t] = unit(random);
		}
		for (int i = 0; i < size; i++) {
			vectors[i] = near(topics[random.nextInt(topics.length)], random);
			String text = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " note "
					+ i;
			chunks.add(new Documents.Chunk(i + 1, 0, text, vectors[i], "minilm", "bench", "bikes", 1, "t", "article",
					Integer.toString(i)));
		}
		Path directory = Files.createTempDirectory("banyan-bench-search");
		try (ChunkIndex index = new ChunkIndex(directory, "minilm")) {
			long built = System.nanoTime();
			index.rebuild(chunks, 0);
			double buildSeconds = (System.nanoTime() - built) / 1e9;
			List<String> domains = List.of("bikes");
			for (int i = 0; i < 200; i++) {
				index.nearest("bench", domains, unit(random), 10);
			}
			Histogram vector = new Histogram(3);
			Histogram hybrid = new Histogram(3);
			double recall = 0;
			int queries = 500;
			Histogram fanned = new Histogram(3);
			double fannedRecall = 0;
			for (int q = 0; q < queries; q++) {
				float[] query = near(topics[random.nextInt(topics.length)], random);
				long start = System.nanoTime();
				List<ChunkIndex.Hit> found = index.nearest("bench", domains, query, 10);
				vector.recordValue((System.nanoTime() - start) / 1_000);
				start = System.nanoTime();
				List<ChunkIndex.Hit> wide = index.nearest("bench", domains, query, 50).subList(0, 10);
				fanned.recordValue((System.nanoTime() - start) / 1_000);
				String text = words[random.nextInt(words.length)];
				start = System.nanoTime();
				ChunkIndex.fuse(index.keyword("bench", domains, text, 10), found, 10);
				hybrid.recordValue((System.nanoTime() - start) / 1_000);
				Set<Long> exact = exact(vectors, query, 10);
				Set<Long> approximate = new HashSet<>();
				found.forEach((hit) -> approximate.add(hit.documentId() - 1));
				approximate.retainAll(exact);
				recall += approximate.size() / 10.0;
				Set<Long> widened = new HashSet<>();
				wide.forEach((hit) -> widened.add(hit.documentId() - 1));
				widened.retainAll(exact);
				fannedRecall += widened.size() / 10.0;
			}
			System.out.printf("| %,d chunks, k = 50 kept 10 | vector p50 %.2f ms, p99 %.2f ms | recall@10 %.3f |%n",
					size, fanned.getValueAtPercentile(50) / 1000.0, fanned.getValueAtPercentile(99) / 1000.0,
					fannedRecall / queries);
			System.out.printf(
					"| %,d chunks | vector p50 %.2f ms, p99 %.2f ms | keywords+fusion p50 %.2f ms, "
							+ "p99 %.2f ms | HNSW recall@10 %.3f | index built in %.1f s |%n",
					size, vector.getValueAtPercentile(50) / 1000.0, vector.getValueAtPercentile(99) / 1000.0,
					hybrid.getValueAtPercentile(50) / 1000.0, hybrid.getValueAtPercentile(99) / 1000.0,
					recall / queries, buildSeconds);
		}
	}

	private static long jitMillis() {
		return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
	}

	private static long gcMillis() {
		return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
			.sum();
	}

	/** CPU time by thread group (names without their numbers), in nanoseconds. */
	private static java.util.Map<String, Long> threadCpu() {
		java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
		java.util.Map<String, Long> groups = new java.util.TreeMap<>();
		for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
			if (info != null) {
				long nanos = bean.getThreadCpuTime(info.getThreadId());
				groups.merge(info.getThreadName().replaceAll("\\d+", "N"), Math.max(0, nanos), Long::sum);
			}
		}
		return groups;
	}

	/** The CPU time this JVM has used, in nanoseconds. */
	private static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static Set<Long> exact(float[][] vectors, float[] query, int k) {
		Integer[] order = new Integer[vectors.length];
		double[] scores = new double[vectors.length];
		for (int i = 0; i < vectors.length; i++) {
			order[i] = i;
			scores[i] = Embeddings.cosine(vectors[i], query);
		}
		Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
		Set<Long> top = new HashSet<>();
		for (int i = 0; i < k; i++) {
			top.add((long) order[i]);
		}
		return top;
	}

	private static float[] near(float[] topic, Random random) {
		float[] vector = unit(random);
		float[] mixed = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			mixed[i] = 0.8f * topic[i] + 0.6f * vector[i];
		}
		double norm = 0;
		for (float value : mixed) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		for (int i = 0; i < mixed.length; i++) {
			mixed[i] = (float) (mixed[i] / norm);
		}
		return mixed;
	}

	private static float[] unit(Random random) {
		float[] vector = new float[Embeddings.DIMENSIONS];
		double norm = 0;
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) random.nextGaussian();
			norm += vector[i] * vector[i];
		}
		norm = Math.sqrt(norm);
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) (vector[i] / norm);
		}
		return vector;
	}

}
