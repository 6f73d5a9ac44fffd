package banyan.gateway.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An OpenAI-compatible server for the benchmarks, on Reactor Netty, in the wire format of
 * OpenAI's streaming chat completions:
 * <ul>
 * <li>{@code POST /v1/chat/completions} streams {@link #CHUNKS} content chunks
 * ({@code tok0 }, {@code tok1 }, …) {@link #CHUNK_DELAY} apart, the first at once, then a
 * usage chunk and {@code data: [DONE]};</li>
 * <li>{@code POST /idle/v1/chat/completions} sends the response headers and then nothing,
 * holding the stream open until the caller goes away.</li>
 * </ul>
 */
final class StreamingUpstream implements AutoCloseable {

	static final int CHUNKS = Integer.getInteger("benchmark.chunks", 20);

	static final Duration CHUNK_DELAY = Duration.ofMillis(Long.getLong("benchmark.chunkDelayMillis", 10));

	private final AtomicInteger open = new AtomicInteger();

	private final DisposableServer server;

	StreamingUpstream() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes
				.post("/v1/chat/completions",
						(request, response) -> request.receive()
							.then()
							.thenMany(response.header("Content-Type", "text/event-stream").sendString(answer()).then()))
				.post("/idle/v1/chat/completions", (request, response) -> {
					this.open.incrementAndGet();
					return request.receive()
						.then()
						.thenMany(response.header("Content-Type", "text/event-stream")
							.sendHeaders()
							.then(Flux.<ByteBuf>never().then()))
						.doFinally((signal) -> this.open.decrementAndGet());
				}))
			.bindNow();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Idle streams currently held open. */
	int openIdleStreams() {
		return this.open.get();
	}

	private static Flux<String> answer() {
		Flux<String> chunks = Flux.range(0, CHUNKS)
			.map((index) -> chunk("{\"content\":\"tok" + index + " \"}", "null"));
		if (!CHUNK_DELAY.isZero()) {
			chunks = Flux.concat(chunks.take(1), chunks.skip(1).delayElements(CHUNK_DELAY));
		}
		return chunks.concatWithValues(chunk("{}", "\"stop\""),
				"data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1732522800,"
						+ "\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":"
						+ CHUNKS + ",\"total_tokens\":" + (12 + CHUNKS) + "}}\n\n",
				"data: [DONE]\n\n");
	}

	private static String chunk(String delta, String finishReason) {
		return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1732522800,"
				+ "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ finishReason + "}]}\n\n";
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
