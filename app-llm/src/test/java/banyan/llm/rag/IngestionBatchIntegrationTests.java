package banyan.llm.rag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's batch on real PostgreSQL: its versions are stored in one statement, yet a
 * job that cannot be done fails alone, and two versions of one document in a batch store
 * the later. The test runs the batch itself (no worker runs in this context); where
 * another context's worker shares the database, it may run the jobs instead, with the
 * same outcome in PostgreSQL.
 */
@SpringBootTest
class IngestionBatchIntegrationTests {

	static final String TENANT = "batch-tenant";

	@Autowired
	IngestionWorker worker;

	@Autowired
	Documents documents;

	@Autowired
	IngestionJobs jobs;

	@Autowired
	JsonMapper json;

	@Test
	void twoVersionsOfOneDocumentInABatchStoreTheLaterOne() {
		String name = "pair-" + System.nanoTime() + ".md";
		long second = enqueue(name, 2, "Bells", "Ring the bell twice before you pass.");
		long first = enqueue(name, 1, "Bells", "Ring the bell once.");
		runUntilDone(first, second);

		Documents.Document document = this.documents.findDocument(TENANT, DocumentSource.UPLOAD.value(), name).block();
		assertThat(document.version()).isEqualTo(2);
		assertThat(texts(document)).singleElement().asString().contains("Ring the bell twice");
	}

	@Test
	void aVersionPostgresqlRefusesOrAnUnreadablePayloadFailsAloneAndTheRestIsStored() {
		String stem = "mixed-" + System.nanoTime();
		long good = enqueue(stem + "-a.md", 1, "Saddles", "Raise the saddle to hip height.");
		// Titles are at most 500 characters in PostgreSQL.
		long refused = enqueue(stem + "-b.md", 1, "t".repeat(600), "A title PostgreSQL refuses.");
		long unreadable = this.jobs.enqueue(TENANT, IngestionJobs.Kind.UPLOAD, "{not json", Instant.now()).block();
		long alsoGood = enqueue(stem + "-c.md", 1, "Pedals", "Tighten the pedals every month.");
		runUntilDone(good, alsoGood);

		assertThat(this.documents.findDocument(TENANT, DocumentSource.UPLOAD.value(), stem + "-a.md").block())
			.isNotNull();
		assertThat(this.documents.findDocument(TENANT, DocumentSource.UPLOAD.value(), stem + "-c.md").block())
			.isNotNull();
		assertThat(this.documents.findDocument(TENANT, DocumentSource.UPLOAD.value(), stem + "-b.md").block()).isNull();
		JobStatus title = this.jobs.job(TENANT, refused).block();
		assertThat(title.status()).isIn("queued", "failed");
		assertThat(title.error()).contains("too long");
		JobStatus payload = this.jobs.job(TENANT, unreadable).block();
		assertThat(payload.status()).isIn("queued", "failed");
		assertThat(payload.error()).isNotBlank();
	}

	private long enqueue(String name, long version, String title, String body) {
		DocumentVersion document = new DocumentVersion(TENANT, DocumentSource.UPLOAD.value(), name, version, title,
				body, "bikes", List.of(), Instant.parse("2026-12-02T00:00:00Z"));
		return this.jobs
			.enqueue(TENANT, IngestionJobs.Kind.UPLOAD, this.json.writeValueAsString(document), Instant.now())
			.block();
	}

	private void runUntilDone(long... jobs) {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			this.worker.runBatch().block();
			for (long job : jobs) {
				assertThat(this.jobs.job(TENANT, job).block().status()).isEqualTo("done");
			}
		});
	}

	private List<String> texts(Documents.Document document) {
		return this.documents.chunkTexts(List.of(document.id())).block().get(document.id());
	}

}
