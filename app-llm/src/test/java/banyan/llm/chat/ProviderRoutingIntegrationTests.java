package banyan.llm.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.Fixtures;
import banyan.llm.NettyLeaks;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries and fallbacks along a model's chain of targets, with WireMock playing two
 * OpenAI-compatible providers: what each was asked, and what the client received.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"banyan.llm.resilience.breaker-minimum-calls=1000", "banyan.llm.resilience.max-retries=2",
		"banyan.llm.resilience.initial-backoff=20ms", "banyan.llm.resilience.max-retry-after=3s",
		"banyan.llm.resilience.first-token-timeout=700ms", "banyan.llm.resilience.chunk-gap-timeout=700ms",
		"banyan.llm.resilience.total-timeout=4s", "banyan.llm.providers.endless.type=openai",
		"banyan.llm.models.endlessly.targets[0].provider=endless", "banyan.llm.models.endlessly.targets[0].model=e",
		"banyan.llm.providers.primary.type=openai", "banyan.llm.providers.secondary.type=openai",
		"banyan.llm.models.chain.targets[0].provider=primary", "banyan.llm.models.chain.targets[0].model=big",
		"banyan.llm.models.chain.targets[1].provider=secondary", "banyan.llm.models.chain.targets[1].model=small",
		"banyan.llm.providers.quiet.type=openai", "banyan.llm.models.quietly.targets[0].provider=quiet",
		"banyan.llm.models.quietly.targets[0].model=q", "banyan.llm.models.quietly.targets[1].provider=secondary",
		"banyan.llm.models.quietly.targets[1].model=small", "banyan.llm.providers.dropping.type=openai",
		"banyan.llm.models.dropped.targets[0].provider=dropping", "banyan.llm.models.dropped.targets[0].model=d",
		"banyan.llm.models.dropped.targets[1].provider=secondary", "banyan.llm.models.dropped.targets[1].model=small",
		// Routing is under test here, not redaction, which may split or hold deltas.
		"banyan.llm.guardrails.redaction=false" })
class ProviderRoutingIntegrationTests {

	static final WireMockServer primary = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer secondary = new WireMockServer(wireMockConfig().dynamicPort());

	static final String PATH = "/v1/chat/completions";

	/**
	 * Read once here: reading a file on a Netty thread would (rightly) fail under
	 * BlockHound.
	 */
	static final String FIRST_CHUNK = Fixtures.named("openai/stream-with-usage.txt").split("\n\n")[1] + "\n\n";

	/**
	 * Sends one chunk, then nothing, keeping the connection open: WireMock can delay a
	 * whole body, or dribble it from the start, but not this.
	 */
	static final DisposableServer quiet = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.post(PATH,
				(request, response) -> request.receive()
					.then()
					.thenMany(response.header("Content-Type", "text/event-stream")
						.sendString(Flux.concat(Mono.just(FIRST_CHUNK), Mono.never())))))
		.bindNow();

	/** Sends one chunk, then drops the connection: a reset after the first token. */
	static final DisposableServer dropping = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.post(PATH, (request, response) -> request.receive()
			.then()
			.then(response.header("Content-Type", "text/event-stream").sendString(Mono.just(FIRST_CHUNK)).then())
			.then(Mono.delay(Duration.ofMillis(100)))
			.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.channel().close())))
			.then()))
		.bindNow();

	static final AtomicBoolean endlessCancelled = new AtomicBoolean();

	/**
	 * Sends a chunk every 300 ms and never finishes: each gap is within its deadline, the
	 * whole answer is not.
	 */
	static final DisposableServer endless = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.post(PATH,
				(request, response) -> request.receive()
					.then()
					.thenMany(response.header("Content-Type", "text/event-stream")
						.sendString(Flux.interval(Duration.ofMillis(300))
							.map((tick) -> FIRST_CHUNK)
							.doOnCancel(() -> endlessCancelled.set(true))))))
		.bindNow();

	static {
		primary.start();
		secondary.start();
	}

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.primary.base-url", () -> primary.baseUrl() + "/v1");
		registry.add("banyan.llm.providers.secondary.base-url", () -> secondary.baseUrl() + "/v1");
		registry.add("banyan.llm.providers.quiet.base-url", () -> "http://127.0.0.1:" + quiet.port() + "/v1");
		registry.add("banyan.llm.providers.dropping.base-url", () -> "http://127.0.0.1:" + dropping.port() + "/v1");
		registry.add("banyan.llm.providers.endless.base-url", () -> "http://127.0.0.1:" + endless.port() + "/v1");
	}

	@AfterAll
	static void stop() {
		primary.stop();
		secondary.stop();
		quiet.disposeNow();
		dropping.disposeNow();
		endless.disposeNow();
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@BeforeEach
	void reset() {
		primary.resetAll();
		secondary.resetAll();
		secondary.stubFor(post(PATH).willReturn(stream("stream-without-usage.txt")));
	}

	@Test
	void retriesAServerErrorBeforeTheFirstTokenOnTheSameTarget() {
		primary.stubFor(post(PATH).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500))
			.willSetStateTo("failed once"));
		primary.stubFor(post(PATH).inScenario("flaky")
			.whenScenarioStateIs("failed once")
			.willReturn(stream("stream-with-usage.txt")));

		List<ServerSentEvent<String>> events = chat();

		assertThat(names(events)).containsExactly("start", "delta", "delta", "delta", "metrics", "end");
		primary.verify(2, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
		assertThat(metrics(events).provider()).isEqualTo("primary");
	}

	@Test
	void fallsBackToTheNextTargetWhenRetriesAreExhausted() {
		primary.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));

		List<ServerSentEvent<String>> events = chat();

		assertThat(names(events)).containsExactly("start", "delta", "metrics", "end");
		primary.verify(3, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(1, postRequestedFor(urlEqualTo(PATH)));
		assertThat(metrics(events).provider()).isEqualTo("secondary");
		assertThat(metrics(events).providerModel()).isEqualTo("small");
	}

	@Test
	void honoursRetryAfterOnTooManyRequests() {
		primary.stubFor(post(PATH).inScenario("limited")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
			.willSetStateTo("waited"));
		primary.stubFor(post(PATH).inScenario("limited")
			.whenScenarioStateIs("waited")
			.willReturn(stream("stream-with-usage.txt")));

		List<ServerSentEvent<String>> events = chat();

		assertThat(names(events)).endsWith("metrics", "end");
		var calls = primary.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest().getLoggedDate())
			.sorted()
			.toList();
		assertThat(calls).hasSize(2);
		assertThat(calls.get(1).getTime() - calls.get(0).getTime()).as("milliseconds between the two calls")
			.isGreaterThanOrEqualTo(1_000);
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void neitherRetriesNorFallsBackWhenTheRequestItselfIsRejected() {
		primary.stubFor(post(PATH).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("openai/error-context-length.json"))));

		List<ServerSentEvent<String>> events = chat();

		assertThat(names(events)).containsExactly("start", "error");
		assertThat(error(events).problem().status()).isEqualTo(400);
		primary.verify(1, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void neverRetriesOnceATokenHasReachedTheClient() {
		primary.stubFor(post(PATH).willReturn(stream("stream-error-mid-stream.txt")));

		List<ServerSentEvent<String>> events = chat();

		assertThat(names(events)).containsExactly("start", "delta", "error");
		primary.verify(1, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void fallsBackWhenTheFirstTokenTakesTooLong() {
		primary.stubFor(post(PATH).willReturn(stream("stream-with-usage.txt").withFixedDelay(2_000)));

		List<ServerSentEvent<String>> events = chat();

		assertThat(names(events)).containsExactly("start", "delta", "metrics", "end");
		assertThat(metrics(events).provider()).isEqualTo("secondary");
		secondary.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void endsTheStreamWhenTheProviderGoesSilentMidAnswer() {
		List<ServerSentEvent<String>> events = chat("quietly");

		assertThat(names(events)).containsExactly("start", "delta", "error");
		assertThat(error(events).problem().detail()).contains("went silent");
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void endsAnAnswerThatOutlastsTheTotalDeadlineAndCancelsTheProviderCall() {
		List<ServerSentEvent<String>> events = chat("endlessly");

		assertThat(names(events)).startsWith("start", "delta").endsWith("error").doesNotContain("end");
		assertThat(names(events).size()).isGreaterThan(5);
		StreamEvent.Error error = error(events);
		assertThat(error.problem().status()).isEqualTo(504);
		assertThat(error.problem().type().toString()).isEqualTo("https://banyan.dev/problems/upstream-timeout");
		assertThat(error.problem().detail()).contains("deadline of 4 s");
		Awaitility.await().atMost(Duration.ofSeconds(5)).untilTrue(endlessCancelled);
	}

	@Test
	void retriesAConnectionResetBeforeTheFirstToken() {
		primary.stubFor(post(PATH).inScenario("reset")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("recovered"));
		primary.stubFor(post(PATH).inScenario("reset")
			.whenScenarioStateIs("recovered")
			.willReturn(stream("stream-with-usage.txt")));

		assertThat(names(chat())).endsWith("metrics", "end");
		primary.verify(2, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void endsAV1StreamWithAnErrorLineWhenTheConnectionDropsAfterTheFirstToken() {
		String body = v1("dropped");

		List<String> lines = java.util.Arrays.stream(body.split("\n\n")).toList();
		assertThat(lines.getFirst()).contains("\"content\":\"Open\"");
		assertThat(lines.getLast()).startsWith("data: {\"error\"").contains("provider_unavailable");
		assertThat(body).doesNotContain("[DONE]");
		secondary.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void refusesALineLongerThanTheCapAndFallsBack() throws InterruptedException {
		String huge = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "a".repeat(10 * 1024 * 1024)
				+ "\"},\"finish_reason\":null}]}\n\n";
		primary
			.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(huge)));

		List<List<ServerSentEvent<String>>> answers = new java.util.ArrayList<>();
		List<String> leaks = NettyLeaks.during(() -> answers.add(chat()));

		List<ServerSentEvent<String>> events = answers.getFirst();
		assertThat(names(events)).containsExactly("start", "delta", "metrics", "end");
		assertThat(metrics(events).provider()).isEqualTo("secondary");
		primary.verify(3, postRequestedFor(urlEqualTo(PATH)));
		// Each refused attempt drops the buffers of a line it did not finish.
		assertThat(leaks).as("Netty buffers left unreleased").isEmpty();
	}

	private String v1(String model) {
		return WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer())
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"" + model
					+ "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private List<ServerSentEvent<String>> chat() {
		return chat("chain");
	}

	private List<ServerSentEvent<String>> chat(String model) {
		return WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer())
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.filter((event) -> event.event() != null)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private static List<String> names(List<ServerSentEvent<String>> events) {
		return events.stream().map(ServerSentEvent::event).toList();
	}

	private StreamEvent.Metrics metrics(List<ServerSentEvent<String>> events) {
		return this.json.readValue(
				events.stream().filter((e) -> "metrics".equals(e.event())).findFirst().orElseThrow().data(),
				StreamEvent.Metrics.class);
	}

	private StreamEvent.Error error(List<ServerSentEvent<String>> events) {
		return this.json.readValue(events.getLast().data(), StreamEvent.Error.class);
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder stream(String fixture) {
		return aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody(Fixtures.named("openai/" + fixture));
	}

}
