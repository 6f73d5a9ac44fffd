package banyan.llm.rag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import banyan.llm.embedding.Embeddings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant isolation as a property: whatever the tenants, documents and queries, a search
 * for tenant A (keywords, meaning or both) never returns tenant B's text, even when A's
 * query quotes B's canary word for word, and never a domain A may not read.
 */
class TenantIsolationPropertyTests {

	static Embeddings embeddings;

	static Path directory;

	@BeforeContainer
	static void model() throws Exception {
		embeddings = new Embeddings();
		directory = Files.createTempDirectory("banyan-isolation");
	}

	@AfterContainer
	static void close() {
		embeddings.destroy();
	}

	/** One generated document: its tenant, domain and canary. */
	record Doc(String tenant, String domain, String canary, String text) {
	}

	@Provide
	Arbitrary<List<Doc>> corpora() {
		Arbitrary<String> tenant = Arbitraries.of("acme", "globex", "initech", "umbrella");
		Arbitrary<String> domain = Arbitraries.of("billing", "bikes", "delivery");
		Arbitrary<String> canary = Arbitraries.strings().withCharRange('a', 'z').ofLength(10).map((s) -> "cnry" + s);
		Arbitrary<String> topic = Arbitraries.of("refund of the deposit", "battery charging time",
				"delivery slot on saturday", "brake noise in the rain", "invoice with VAT");
		return Combinators.combine(tenant, domain, canary, topic)
			.as((t, d, c, p) -> new Doc(t, d, c, "Note about " + p + " for " + t + ". Secret marker " + c + "."))
			.list()
			.ofMinSize(2)
			.ofMaxSize(8);
	}

	@Property(tries = 40)
	void aTenantNeverRetrievesAnotherTenantsText(@ForAll("corpora") List<Doc> corpus,
			@ForAll("readers") String reader) {
		try (ChunkIndex index = new ChunkIndex(directory.resolve("i" + System.nanoTime()), "minilm")) {
			List<Documents.Chunk> chunks = new ArrayList<>();
			List<float[]> vectors = embeddings.embedAllNow(corpus.stream().map(Doc::text).toList());
			for (int i = 0; i < corpus.size(); i++) {
				Doc doc = corpus.get(i);
				chunks.add(new Documents.Chunk(i + 1, 0, doc.text(), vectors.get(i), "minilm", doc.tenant(),
						doc.domain(), 1, "Doc " + i, "article", Integer.toString(i)));
			}
			index.rebuild(chunks, 0);
			List<String> domains = List.of("billing", "bikes");
			for (Doc other : corpus) {
				if (other.tenant().equals(reader)) {
					continue;
				}
				// The reader quotes another tenant's canary and text.
				String query = other.canary() + " " + other.text();
				float[] vector = embeddings.embedNow(query);
				List<ChunkIndex.Hit> found = ChunkIndex.fuse(index.keyword(reader, domains, query, 20),
						index.nearest(reader, domains, vector, 20), 40);
				for (ChunkIndex.Hit hit : found) {
					Doc source = corpus.get((int) hit.documentId() - 1);
					assertThat(source.tenant()).isEqualTo(reader);
					assertThat(domains).contains(source.domain());
					boolean alsoTheReaders = corpus.stream()
						.anyMatch((doc) -> doc.tenant().equals(reader) && doc.canary().equals(other.canary()));
					if (!alsoTheReaders) {
						assertThat(hit.text()).doesNotContain(other.canary());
					}
				}
			}
		}
	}

	@Provide
	Arbitrary<String> readers() {
		return Arbitraries.of("acme", "globex", "initech", "umbrella");
	}

}
