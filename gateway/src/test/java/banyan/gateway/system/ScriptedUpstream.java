package banyan.gateway.system;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An OpenAI-compatible server whose answers the test paces: each call streams the chunk
 * {@code first}, then waits until the test {@linkplain Call#release() releases} it, then
 * streams {@code second} and the end. It notes when the caller closes the connection.
 */
final class ScriptedUpstream implements AutoCloseable {

	private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

	private final DisposableServer server;

	ScriptedUpstream() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/v1/chat/completions", (request, response) -> {
				Call call = new Call(request.requestHeaders().get("traceparent"));
				this.calls.add(call);
				Flux<String> body = Flux
					.concat(Mono.just(chunk("first", null)),
							Mono.fromFuture(call.released)
								.thenMany(Flux.just(chunk("second", null), chunk("", "stop"), "data: [DONE]\n\n")))
					.doOnCancel(() -> call.closed.complete(null));
				return request.receive()
					.then()
					.thenMany(response.header("Content-Type", "text/event-stream")
						.withConnection((connection) -> connection.onDispose(() -> call.closed.complete(null)))
						.sendString(body));
			}))
			.bindNow();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** The next call that arrives, waiting at most the given time. */
	Call nextCall(Duration wait) throws InterruptedException {
		Call call = this.calls.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		if (call == null) {
			throw new AssertionError("No call reached the upstream within " + wait);
		}
		return call;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private static String chunk(String content, String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "data: {\"id\":\"chatcmpl-scripted\",\"object\":\"chat.completion.chunk\",\"created\":1732522800,"
				+ "\"model\":\"scripted\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
				+ "\"},\"finish_reason\":" + finish + "}]}\n\n";
	}

	/** One call to the upstream. */
	static final class Call {

		private final CompletableFuture<Void> released = new CompletableFuture<>();

		/** The W3C trace context the call came with, or {@code null}. */
		final String traceparent;

		Call(String traceparent) {
			this.traceparent = traceparent;
		}

		private final CompletableFuture<Void> closed = new CompletableFuture<>();

		/** Lets the rest of the answer go. */
		void release() {
			this.released.complete(null);
		}

		/** Whether the caller closed the connection within the given time. */
		boolean closedWithin(Duration wait) {
			try {
				this.closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
				return true;
			}
			catch (Exception ex) {
				return false;
			}
		}

	}

}
