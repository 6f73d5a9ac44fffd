package banyan.llm.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * all-MiniLM-L6-v2 (the model and tokenizer LangChain4j ships) on an ONNX session of our
 * own: one thread per inference and no spinning. The texts of a batch are embedded in
 * parallel on the executor, one per core, so ONNX's own thread pool would only
 * oversubscribe the cores, and its threads, which spin between inferences by default,
 * burn the CPU that the rest of the ingestion pipeline (the database, the index) needs.
 */
final class MiniLm extends AbstractInProcessEmbeddingModel {

	private final OnnxBertBiEncoder encoder;

	MiniLm(ExecutorService executor) {
		super(executor);
		try (InputStream model = resource("/all-minilm-l6-v2.onnx");
				InputStream tokenizer = resource("/all-minilm-l6-v2-tokenizer.json")) {
			OrtEnvironment environment = OrtEnvironment.getEnvironment();
			OrtSession.SessionOptions options = new OrtSession.SessionOptions();
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			options.addConfigEntry("session.inter_op.allow_spinning", "0");
			this.encoder = new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options),
					tokenizer, PoolingMode.MEAN);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The embedding model cannot be read", ex);
		}
		catch (OrtException ex) {
			throw new IllegalStateException("The embedding model cannot be loaded", ex);
		}
	}

	private static InputStream resource(String name) {
		return Objects.requireNonNull(MiniLm.class.getResourceAsStream(name), () -> name + " is not on the class path");
	}

	@Override
	protected OnnxBertBiEncoder model() {
		return this.encoder;
	}

	@Override
	protected Integer knownDimension() {
		return Embeddings.DIMENSIONS;
	}

}
