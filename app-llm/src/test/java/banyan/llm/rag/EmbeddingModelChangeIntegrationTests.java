package banyan.llm.rag;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import banyan.llm.LlmApplication;
import banyan.llm.embedding.Embedder;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change of embedding model, as an operator makes it: app-llm ingests documents with
 * the in-process MiniLM, stops, and starts again configured for an OpenAI-compatible
 * embeddings endpoint (a local server speaking OpenAI's wire format, whose vectors have
 * another length). At that start the index is rebuilt and every document is embedded
 * again from its stored chunks, none lost or duplicated; searches by vector then use the
 * new model's vectors.
 */
class EmbeddingModelChangeIntegrationTests {

	/** The other model: a bag of hashed words in 32 dimensions. */
	static final String HASHED = "hashed-words";

	static final int HASHED_DIMENSIONS = 32;

	static final JsonMapper json = JsonMapper.builder().build();

	static HttpServer embeddings;

	/** The texts the other model was asked to embed. */
	static final AtomicInteger embedded = new AtomicInteger();

	@TempDir
	static Path directory;

	/** A database of this test's own: no other test's documents are embedded again. */
	static String databaseUrl;

	static String databaseName;

	@BeforeAll
	static void start() throws IOException, SQLException {
		embeddings = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		embeddings.createContext("/v1/embeddings", (exchange) -> {
			JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
			List<Map<String, Object>> data = new ArrayList<>();
			int index = 0;
			for (JsonNode input : request.path("input")) {
				data.add(Map.of("object", "embedding", "index", index++, "embedding", hashed(input.asString())));
			}
			embedded.addAndGet(index);
			byte[] body = json.writeValueAsBytes(Map.of("object", "list", "model", request.path("model").asString(),
					"data", data, "usage", Map.of("prompt_tokens", index, "total_tokens", index)));
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		embeddings.start();
		String shared = System.getenv("SPRING_DATASOURCE_URL");
		if (shared != null) {
			String name = "banyan_model_change_" + System.nanoTime();
			databaseName = name;
			try (Connection connection = DriverManager.getConnection(shared, user(), null)) {
				connection.createStatement().execute("create database " + name);
			}
			int query = shared.indexOf('?');
			String base = (query < 0) ? shared : shared.substring(0, query);
			databaseUrl = base.substring(0, base.lastIndexOf('/') + 1) + name
					+ ((query < 0) ? "" : shared.substring(query));
		}
	}

	@AfterAll
	static void stop() throws SQLException {
		embeddings.stop(0);
		if (databaseName != null) {
			try (Connection connection = DriverManager.getConnection(System.getenv("SPRING_DATASOURCE_URL"), user(),
					null)) {
				connection.createStatement().execute("drop database if exists " + databaseName);
			}
		}
	}

	@Test
	void aNewModelRebuildsTheIndexAndEmbedsEveryDocumentAgainAtStart() {
		int chunks;
		try (ConfigurableApplicationContext llm = start("--banyan.llm.embedding.provider=local")) {
			IngestionJobs store = llm.getBean(IngestionJobs.class);
			List<Long> jobs = List.of(
					upload(store, "tyres.md", "Tyre pressure",
							"Pump the tyres to 3.5 bar every fortnight, more before a long ride."),
					upload(store, "battery.md", "Charging the battery",
							"Plug the charger into the port under the saddle; a full charge takes four hours."),
					upload(store, "invoice.md", "Paying an invoice", "Invoices can be paid by card or bank transfer."));
			awaitDone(store, jobs);
			assertThat(models(llm)).containsOnly("all-minilm-l6-v2");
			assertThat(vectorBytes(llm)).containsOnly(384 * Float.BYTES);
			chunks = chunkCount(llm);
			assertThat(chunks).isGreaterThanOrEqualTo(3);
		}
		assertThat(embedded).hasValue(0);

		try (ConfigurableApplicationContext llm = start("--banyan.llm.embedding.provider=words",
				"--banyan.llm.embedding.model=" + HASHED, "--banyan.llm.providers.words.type=openai",
				"--banyan.llm.providers.words.base-url=http://127.0.0.1:" + embeddings.getAddress().getPort()
						+ "/v1")) {
			RagIndex index = llm.getBean(RagIndex.class);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(models(llm)).containsOnly(HASHED);
				assertThat(jobStatuses(llm, IngestionJobs.Kind.REEMBED)).containsOnly("done");
			});
			assertThat(index.vectorsCurrent()).isTrue();
			assertThat(vectorBytes(llm)).containsOnly(HASHED_DIMENSIONS * Float.BYTES);
			assertThat(chunkCount(llm)).isEqualTo(chunks);
			assertThat(jobStatuses(llm, IngestionJobs.Kind.REEMBED)).hasSize(3);
			assertThat(embedded).hasValue(chunks);

			// A search by the new model's vector alone finds the passage it is nearest.
			float[] vector = llm.getBean(Embedder.class).embed("charger port saddle charge").block();
			assertThat(vector).hasSize(HASHED_DIMENSIONS);
			List<ChunkIndex.Hit> hits = index.search("tenant-a", List.of("bikes"), "zzz", vector, 1).block();
			assertThat(hits).extracting(ChunkIndex.Hit::title).containsExactly("Charging the battery");
			// Nothing is left to embed again, and the index agrees with PostgreSQL (a
			// restart rebuilds nothing; ChunkIndexTests shows the model outlives a
			// reopen).
			assertThat(index.queueReembedding().block()).isZero();
			assertThat(index.rebuildIfInconsistent().block()).isFalse();
		}
	}

	private static ConfigurableApplicationContext start(String... settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--banyan.llm.rag.index-directory=" + directory.resolve("index"), "--banyan.llm.rag.workers=1",
				"--banyan.llm.rag.work-interval=100ms", "--banyan.llm.rag.follow-feed=false"));
		if (databaseUrl != null) {
			args.add("--spring.datasource.url=" + databaseUrl);
		}
		else {
			args.add("--banyan.database.embedded.data-directory=" + directory.resolve("database"));
		}
		args.addAll(List.of(settings));
		return new SpringApplicationBuilder(LlmApplication.class).run(args.toArray(String[]::new));
	}

	private static long upload(IngestionJobs store, String name, String title, String body) {
		DocumentVersion version = new DocumentVersion("tenant-a", DocumentSource.UPLOAD.value(), name, 1, title, body,
				"bikes", List.of(), Instant.now());
		return store.enqueue("tenant-a", IngestionJobs.Kind.UPLOAD, json.writeValueAsString(version), Instant.now())
			.block();
	}

	private static void awaitDone(IngestionJobs store, List<Long> jobs) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(jobs)
				.allSatisfy((job) -> assertThat(store.job("tenant-a", job).block().status()).isEqualTo("done")));
	}

	private static List<String> models(ConfigurableApplicationContext llm) {
		return column(llm, "select embedding_model as v from rag_documents", String.class);
	}

	private static List<Integer> vectorBytes(ConfigurableApplicationContext llm) {
		return column(llm, "select octet_length(embedding) as v from rag_chunks", Integer.class);
	}

	private static int chunkCount(ConfigurableApplicationContext llm) {
		return vectorBytes(llm).size();
	}

	private static List<String> jobStatuses(ConfigurableApplicationContext llm, IngestionJobs.Kind kind) {
		return column(llm, "select status as v from rag_jobs where kind = '" + kind.value() + "'", String.class);
	}

	/** The query's column {@code v}, row by row. */
	private static <T> List<T> column(ConfigurableApplicationContext llm, String query, Class<T> type) {
		return llm.getBean(DatabaseClient.class)
			.sql(query)
			.map((row, meta) -> row.get("v", type))
			.all()
			.collectList()
			.block();
	}

	/** A unit vector of the text's words, each hashed to one of 32 dimensions. */
	static float[] hashed(String text) {
		float[] vector = new float[HASHED_DIMENSIONS];
		for (String word : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
			if (!word.isEmpty()) {
				vector[Math.floorMod(word.hashCode(), HASHED_DIMENSIONS)] += 1;
			}
		}
		return Embedder.unit(vector);
	}

	private static String user() {
		String user = System.getenv("SPRING_DATASOURCE_USERNAME");
		return (user != null) ? user : "postgres";
	}

}
