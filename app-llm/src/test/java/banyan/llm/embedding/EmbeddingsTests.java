package banyan.llm.embedding;

import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Banyan's own ONNX session for MiniLM computes what LangChain4j's packaged model does.
 */
class EmbeddingsTests {

	@Test
	void theModelsOwnSessionGivesLangChain4jsVectors() {
		List<String> texts = List.of("How do I charge the battery?", "Invoices are sent on the first of the month.",
				"Ring the bell twice before you pass, and keep right on the cycle path.");
		Embeddings embeddings = new Embeddings();
		try {
			List<float[]> ours = embeddings.embedAllNow(texts);
			List<float[]> reference = new AllMiniLmL6V2EmbeddingModel()
				.embedAll(texts.stream().map(TextSegment::from).toList())
				.content()
				.stream()
				.map((embedding) -> Embedder.unit(embedding.vector()))
				.toList();
			for (int i = 0; i < texts.size(); i++) {
				assertThat(ours.get(i)).hasSize(Embeddings.DIMENSIONS);
				assertThat(Embeddings.cosine(ours.get(i), reference.get(i))).isGreaterThan(0.9999);
			}
		}
		finally {
			embeddings.destroy();
		}
	}

}
