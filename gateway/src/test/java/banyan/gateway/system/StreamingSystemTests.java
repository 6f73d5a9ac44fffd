package banyan.gateway.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import banyan.contracts.stream.StreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One token stream from a provider through app-llm and the gateway to a client, with all
 * three applications running as a client would meet them.
 */
class StreamingSystemTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final RunningSystem system = RunningSystem.get();

	@Test
	void anUnmodifiedOpenAiSdkStreamsTheLocalModelThroughTheGateway() {
		OpenAIClient openAi = OpenAIOkHttpClient.builder()
			.baseUrl(this.system.gateway() + "/v1")
			.apiKey(RunningSystem.API_KEY)
			.build();
		var params = ChatCompletionCreateParams.builder()
			.model("local")
			.addUserMessage("How do I reset my password?")
			.build();
		StringBuilder answer = new StringBuilder();
		List<String> finishReasons = new ArrayList<>();

		try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(params)) {
			stream.stream().forEach((chunk) -> chunk.choices().forEach((choice) -> {
				choice.delta().content().ifPresent(answer::append);
				choice.finishReason().ifPresent((reason) -> finishReasons.add(reason.asString()));
			}));
		}

		assertThat(answer.toString()).startsWith("This is Banyan's offline local model. It is not a generative model")
			.contains("How do I reset my password?");
		assertThat(finishReasons).containsExactly("stop");
	}

	@Test
	void chatStreamDeliversStartDeltasMetricsAndEndInOrderThroughTheGateway() throws Exception {
		HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.system.gateway().resolve("/chat/stream"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + RunningSystem.API_KEY)
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
				.build(), HttpResponse.BodyHandlers.ofLines());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> events = response.body()
			.filter((line) -> line.startsWith("event:"))
			.map((line) -> line.substring("event:".length()).strip())
			.toList();
		assertThat(events.getFirst()).isEqualTo(StreamEvent.Kind.START.eventName());
		assertThat(events.subList(1, events.size() - 2)).isNotEmpty().containsOnly(StreamEvent.Kind.DELTA.eventName());
		assertThat(events.subList(events.size() - 2, events.size()))
			.containsExactly(StreamEvent.Kind.METRICS.eventName(), StreamEvent.Kind.END.eventName());
	}

	@Test
	void theWebSocketProtocolWorksThroughTheGateway() throws Exception {
		List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
		URI uri = URI.create("ws://localhost:" + this.system.gatewayPort() + "/chat/ws");
		java.net.http.WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Authorization", "Bearer " + RunningSystem.API_KEY)
			.buildAsync(uri, new java.net.http.WebSocket.Listener() {

				private final StringBuilder partial = new StringBuilder();

				@Override
				public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
						CharSequence data, boolean last) {
					this.partial.append(data);
					if (last) {
						frames.add(this.partial.toString());
						if (this.partial.indexOf("\"event\":\"end\"") >= 0) {
							ended.complete(null);
						}
						this.partial.setLength(0);
					}
					webSocket.request(1);
					return null;
				}

			})
			.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

		socket.sendText("{\"type\":\"chat\",\"request\":{\"model\":\"local\",\"messages\":"
				+ "[{\"role\":\"user\",\"content\":\"Hello\"}]}}", true);
		ended.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
		socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");

		assertThat(frames.getFirst()).contains("\"event\":\"start\"");
		assertThat(frames).anySatisfy((frame) -> assertThat(frame).contains("\"event\":\"delta\""));
		assertThat(frames.get(frames.size() - 2)).contains("\"event\":\"metrics\"");
	}

	@Test
	void theTraceContextTravelsFromTheClientThroughGatewayAndAppLlmToTheProvider() throws Exception {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		var response = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(this.system.gateway().resolve("/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + RunningSystem.API_KEY)
				.header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"model\":\"upstream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		ScriptedUpstream.Call call = this.system.upstream().nextCall(PATIENCE);
		call.release();

		assertThat(response.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).body())
			.contains("data: [DONE]");
		assertThat(call.traceparent).startsWith("00-" + traceId + "-").doesNotContain("b7ad6b7169203331");
	}

	@Test
	void aChunkReachesTheClientBeforeTheProviderSendsTheNext() throws Exception {
		try (RawStream client = RawStream.open(this.system.gatewayPort(), "/v1/chat/completions",
				"{\"model\":\"upstream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
			ScriptedUpstream.Call call = this.system.upstream().nextCall(PATIENCE);

			assertThat(client.readUntil("\"content\":\"first\"", PATIENCE))
				.as("the first chunk arrives while the provider still holds back the second")
				.isTrue();
			call.release();
			assertThat(client.readUntil("data: [DONE]", PATIENCE)).isTrue();
			assertThat(client.received()).contains("\"content\":\"second\"");
		}
	}

	@Test
	void idleBanyanStreamsCarryPingsThroughTheGatewayUncompressed() throws Exception {
		try (RawStream client = RawStream.open(this.system.gatewayPort(), "/chat/stream",
				"{\"model\":\"upstream\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
			ScriptedUpstream.Call call = this.system.upstream().nextCall(PATIENCE);

			assertThat(client.readUntil(": ping", PATIENCE)).isTrue();
			call.release();
			assertThat(client.readUntil("event:end", PATIENCE)).isTrue();
			assertThat(client.received()).containsIgnoringCase("Content-Type: text/event-stream")
				.doesNotContainIgnoringCase("Content-Encoding");
		}
	}

	@Test
	void aClientThatDisconnectsCancelsTheProviderCall() throws Exception {
		ScriptedUpstream.Call call;
		try (RawStream client = RawStream.open(this.system.gatewayPort(), "/chat/stream",
				"{\"model\":\"upstream\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
			call = this.system.upstream().nextCall(PATIENCE);
			assertThat(client.readUntil("\"text\":\"first\"", PATIENCE)).isTrue();
		}

		assertThat(call.closedWithin(Duration.ofSeconds(10)))
			.as("the provider's connection is closed once the client has gone")
			.isTrue();
		call.release();
	}

	/**
	 * A client on a plain socket, so the test sees bytes as they arrive and can hang up
	 * at will.
	 */
	static final class RawStream implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private RawStream(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
		}

		static RawStream open(int port, String path, String json) throws IOException {
			Socket socket = new Socket("localhost", port);
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
					+ RunningSystem.API_KEY
					+ "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nAccept-Encoding: gzip\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			return new RawStream(socket);
		}

		/** Reads until the text has arrived; false if it did not within the time. */
		boolean readUntil(String text, Duration wait) throws IOException {
			Instant deadline = Instant.now().plus(wait);
			byte[] buffer = new byte[8192];
			while (!received().contains(text)) {
				long left = Duration.between(Instant.now(), deadline).toMillis();
				if (left <= 0) {
					return false;
				}
				this.socket.setSoTimeout((int) Math.max(1, left));
				int read;
				try {
					read = this.in.read(buffer);
				}
				catch (java.net.SocketTimeoutException ex) {
					return false;
				}
				if (read < 0) {
					return received().contains(text);
				}
				this.received.write(buffer, 0, read);
			}
			return true;
		}

		String received() {
			return this.received.toString(StandardCharsets.UTF_8);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
