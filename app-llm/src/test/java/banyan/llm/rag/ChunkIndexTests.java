package banyan.llm.rag;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The index keeps vectors of one embedding model only. */
class ChunkIndexTests {

	@TempDir
	Path directory;

	static final List<String> BIKES = List.of("bikes");

	@Test
	void anIndexOfAnotherModelsVectorsFindsByTextOnlyUntilRebuilt() {
		Documents.Chunk tyres = chunk(1, "old", new float[] { 1, 0, 0, 0 }, "Pump the tyres every fortnight");
		try (ChunkIndex index = new ChunkIndex(this.directory, "old")) {
			assertThat(index.vectorsCurrent()).isTrue();
			index.rebuild(List.of(tyres), 1);
			assertThat(index.nearest("t", BIKES, new float[] { 1, 0, 0, 0 }, 5)).hasSize(1);
		}
		try (ChunkIndex index = new ChunkIndex(this.directory, "new")) {
			// The vectors held are of the other model (and of another length): none is
			// compared with this model's.
			assertThat(index.vectorsCurrent()).isFalse();
			assertThat(index.nearest("t", BIKES, new float[] { 0, 1, 0 }, 5)).isEmpty();
			assertThat(index.keyword("t", BIKES, "tyres", 5)).hasSize(1);
			// A chunk the new model embeds meanwhile is found by its text.
			Documents.Chunk battery = chunk(2, "new", new float[] { 0, 1, 0 }, "Charge the battery for four hours");
			index.replace(2, List.of(battery), 2);
			assertThat(index.keyword("t", BIKES, "battery", 5)).hasSize(1);

			index.rebuild(List.of(tyres, battery), 2);
			assertThat(index.vectorsCurrent()).isTrue();
			// Only the new model's vectors are indexed; the chunk still of the old one is
			// found by its text until it is embedded again.
			assertThat(index.nearest("t", BIKES, new float[] { 1, 0, 0 }, 5)).extracting(ChunkIndex.Hit::documentId)
				.containsExactly(2L);
			assertThat(index.keyword("t", BIKES, "tyres", 5)).extracting(ChunkIndex.Hit::documentId)
				.containsExactly(1L);
		}
		// The model is recorded with the commit.
		try (ChunkIndex index = new ChunkIndex(this.directory, "new")) {
			assertThat(index.vectorsCurrent()).isTrue();
			assertThat(index.size()).isEqualTo(2);
		}
	}

	@Test
	void aNewIndexHoldsNoVectorsOfAnotherModel() {
		try (ChunkIndex index = new ChunkIndex(this.directory, "any")) {
			assertThat(index.vectorsCurrent()).isTrue();
		}
	}

	private static Documents.Chunk chunk(long document, String model, float[] vector, String text) {
		return new Documents.Chunk(document, 0, text, vector, model, "t", "bikes", 1, "Title " + document, "upload",
				"doc-" + document);
	}

}
