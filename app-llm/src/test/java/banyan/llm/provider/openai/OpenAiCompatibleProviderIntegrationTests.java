package banyan.llm.provider.openai;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import banyan.llm.Fixtures;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.ProviderHttp;
import banyan.llm.provider.ProviderRejectedRequest;
import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.TokenUsage;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The OpenAI-compatible adapter against WireMock replaying responses in OpenAI's exact
 * wire format.
 */
class OpenAiCompatibleProviderIntegrationTests {

	@RegisterExtension
	static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private OpenAiCompatibleProvider provider;

	@BeforeEach
	void createProvider() {
		var settings = new ProviderSettings.Provider(ProviderSettings.Type.OPENAI,
				URI.create(upstream.baseUrl() + "/v1"), "sk-test", Duration.ofSeconds(2), Duration.ZERO, 4096, 100);
		this.provider = new OpenAiCompatibleProvider("openai", settings, WebClient.builder());
	}

	@Test
	void streamsContentChunksAndTheFinalUsageChunk() {
		stubStream("stream-with-usage.txt");

		List<ProviderChunk> chunks = this.provider.stream(request()).collectList().block(Duration.ofSeconds(10));

		assertThat(chunks).extracting(ProviderChunk::text).containsExactly("Open", " Settings", " → Security.", "", "");
		assertThat(chunks.get(3).finishReason()).isEqualTo("stop");
		assertThat(chunks.get(4).usage()).isEqualTo(new TokenUsage(19, 5, false));
	}

	@Test
	void sendsAStreamingRequestWithUsageTheKeyAndUnknownFieldsUnchanged() {
		stubStream("stream-with-usage.txt");
		var request = new ChatRequest("gpt-4o-mini",
				List.of(Message.of(Message.Role.USER, "How do I reset my password?")), 50, 0.2,
				Map.of("seed", 7, "response_format", Map.of("type", "text")));

		this.provider.stream(request).blockLast(Duration.ofSeconds(10));

		upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withHeader("Authorization", equalTo("Bearer sk-test"))
			.withHeader("Accept", equalTo("text/event-stream"))
			.withRequestBody(equalToJson("""
					{"model":"gpt-4o-mini","messages":[{"role":"user","content":"How do I reset my password?"}],
					 "stream":true,"stream_options":{"include_usage":true},"max_tokens":50,"temperature":0.2,
					 "seed":7,"response_format":{"type":"text"}}""")));
	}

	@Test
	void readsEachResponseToItsEndSoTheNextCallReusesTheConnection() {
		AtomicInteger connections = new AtomicInteger();
		DisposableServer server = sseServer(Flux.just(Fixtures.named("openai/stream-with-usage.txt")), connections);
		try {
			OpenAiCompatibleProvider provider = providerAt(server);

			for (int call = 0; call < 3; call++) {
				assertThat(provider.stream(request()).collectList().block(Duration.ofSeconds(10))).hasSize(5);
				// The connection goes back to the pool just after the last chunk is read.
				Mono.delay(Duration.ofMillis(200)).block();
			}

			assertThat(connections).hasValue(1);
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void endsAMomentAfterDoneWhenTheServerKeepsTheResponseOpen() {
		DisposableServer server = sseServer(
				Flux.concat(Flux.just(Fixtures.named("openai/stream-with-usage.txt")), Flux.never()),
				new AtomicInteger());
		try {
			// Without the let-go the stream would never end and the block would time out.
			List<ProviderChunk> chunks = providerAt(server).stream(request())
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(chunks).extracting(ProviderChunk::text)
				.containsExactly("Open", " Settings", " → Security.", "", "");
		}
		finally {
			server.disposeNow();
		}
	}

	private static DisposableServer sseServer(Flux<String> body, AtomicInteger connections) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
			.route((routes) -> routes.post("/v1/chat/completions",
					(request, response) -> request.receive()
						.then()
						.thenMany(response.header("Content-Type", "text/event-stream").sendString(body))))
			.bindNow();
	}

	private static OpenAiCompatibleProvider providerAt(DisposableServer server) {
		var settings = new ProviderSettings.Provider(ProviderSettings.Type.OPENAI,
				URI.create("http://127.0.0.1:" + server.port() + "/v1"), "sk-test", Duration.ofSeconds(2),
				Duration.ZERO, 4096, 100);
		return new OpenAiCompatibleProvider("local-server", settings, WebClient.builder());
	}

	@Test
	void passesOnTheFinishReasonWhenTheServerReportsNoUsage() {
		stubStream("stream-without-usage.txt");

		List<ProviderChunk> chunks = this.provider.stream(request()).collectList().block(Duration.ofSeconds(10));

		assertThat(chunks).extracting(ProviderChunk::text).containsExactly("Hello there", "");
		assertThat(chunks.getLast().finishReason()).isEqualTo("length");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.usage()).isNull());
	}

	@Test
	void failsAsUnavailableWhenTheKeyIsRejected() {
		upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("openai/error-invalid-api-key.json"))));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOf(ProviderUnavailable.class)
			.hasMessageContaining("HTTP 401")
			.hasMessageContaining("Incorrect API key provided");
	}

	@Test
	void failsAsRejectedWhenTheRequestItselfIsRefused() {
		upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("openai/error-context-length.json"))));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOfSatisfying(ProviderRejectedRequest.class,
				(rejected) -> assertThat(rejected.status()).isEqualTo(400));
		assertThat(failure).hasMessageContaining("maximum context length is 128000 tokens");
	}

	@Test
	void deliversWhatCameBeforeAnErrorSentMidStreamThenFails() {
		stubStream("stream-error-mid-stream.txt");
		var received = new java.util.ArrayList<ProviderChunk>();

		Throwable failure = catchThrowable(
				() -> this.provider.stream(request()).doOnNext(received::add).blockLast(Duration.ofSeconds(10)));

		assertThat(received).extracting(ProviderChunk::text).containsExactly("Partial");
		assertThat(failure).isInstanceOf(ProviderUnavailable.class)
			.hasMessageContaining("The server had an error while processing your request");
	}

	@Test
	void failsAsUnavailableOnAChunkThatIsNotJson() {
		upstream.stubFor(post("/v1/chat/completions")
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("data: {not json\n\n")));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("not JSON");
	}

	@Test
	void failsAsUnavailableWhenNothingListens() {
		var settings = new ProviderSettings.Provider(ProviderSettings.Type.OPENAI, URI.create("http://127.0.0.1:1/v1"),
				null, Duration.ofSeconds(2), Duration.ZERO, 4096, 100);
		var unreachable = new OpenAiCompatibleProvider("down", settings, WebClient.builder());

		Throwable failure = catchThrowable(() -> unreachable.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOfSatisfying(ProviderUnavailable.class,
				(unavailable) -> assertThat(unavailable.provider()).isEqualTo("down"));
	}

	@Test
	void readsRetryAfterInSecondsOrAsAnHttpDate() {
		assertThat(ProviderHttp.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
		assertThat(ProviderHttp.retryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
			.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30))))
			.isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
		assertThat(ProviderHttp.retryAfter("soon")).isNull();
		assertThat(ProviderHttp.retryAfter(null)).isNull();
	}

	@Test
	void carriesRetryAfterOfATooManyRequestsAnswer() {
		upstream.stubFor(post("/v1/chat/completions")
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("{}")));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOfSatisfying(ProviderUnavailable.class,
				(unavailable) -> assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
	}

	private static ChatRequest request() {
		return new ChatRequest("gpt-4o-mini", List.of(Message.of(Message.Role.USER, "Hi")), null, null, Map.of());
	}

	private static void stubStream(String fixture) {
		upstream.stubFor(post("/v1/chat/completions")
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream; charset=utf-8")
				.withBody(Fixtures.named("openai/" + fixture))));
	}

}
