package banyan.llm.embedding;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, unit length), in process and
 * offline. The model is CPU work of a few milliseconds per sentence, so the reactive
 * methods run it on a scheduler of its own, never on an event loop.
 */
@Component
public class Embeddings implements DisposableBean {

	/** The length of every vector. */
	public static final int DIMENSIONS = 384;

	/** The threads a batch's texts are embedded on in parallel, one per core. */
	private final ExecutorService inference = Executors.newFixedThreadPool(
			Math.max(1, Runtime.getRuntime().availableProcessors()),
			Thread.ofPlatform().name("embedding-inference-", 0).daemon().factory());

	private final MiniLm model = new MiniLm(this.inference);

	private final Scheduler scheduler = Schedulers
		.newBoundedElastic(Math.max(1, Runtime.getRuntime().availableProcessors()), 10_000, "embeddings");

	/**
	 * Runs blocking work that uses the model (or is as heavy) on the model's scheduler.
	 */
	public <T> Mono<T> offload(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(this.scheduler);
	}

	/** The vector of one text, computed on the calling thread (never an event loop). */
	public float[] embedNow(String text) {
		return unit(this.model.embed(text).content());
	}

	/** The vectors of several texts, computed on the calling thread. */
	public List<float[]> embedAllNow(List<String> texts) {
		return this.model.embedAll(texts.stream().map(TextSegment::from).toList())
			.content()
			.stream()
			.map(Embeddings::unit)
			.toList();
	}

	/** The cosine similarity of two unit vectors. */
	public static double cosine(float[] a, float[] b) {
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
		}
		return dot;
	}

	private static float[] unit(Embedding embedding) {
		return Embedder.unit(embedding.vector());
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
		this.inference.shutdown();
	}

}
