package banyan.llm.chat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.Fixtures;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both client protocols against the running service, with the offline provider and with
 * an OpenAI-compatible upstream played by WireMock.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "banyan.llm.resilience.breaker-minimum-calls=1000", "banyan.llm.stream.heartbeat=100ms",
				"banyan.llm.providers.local.chunk-delay=0ms", "banyan.llm.providers.slow.type=local",
				"banyan.llm.providers.slow.chunk-delay=400ms", "banyan.llm.models.slow.targets[0].provider=slow",
				"banyan.llm.models.slow.targets[0].model=extractive", "banyan.llm.providers.upstream.type=openai",
				"banyan.llm.models.gpt.targets[0].provider=upstream",
				"banyan.llm.models.gpt.targets[0].model=gpt-4o-mini", "banyan.llm.providers.anthropic.type=anthropic",
				"banyan.llm.models.claude.targets[0].provider=anthropic",
				"banyan.llm.models.claude.targets[0].model=claude-sonnet-4-5" })
class ChatApiIntegrationTests {

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort());

	static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	static {
		upstream.start();
	}

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.upstream.base-url", () -> upstream.baseUrl() + "/v1");
		registry.add("banyan.llm.providers.anthropic.base-url", () -> upstream.baseUrl() + "/v1");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		upstream.resetAll();
		this.client = WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer())
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void listsTheCatalogInOpenAiFormat() {
		this.client.get()
			.uri("/v1/models")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.object")
			.isEqualTo("list")
			.jsonPath("$.data[*].id")
			.value((ids) -> assertThat(ids.toString()).contains("local", "slow", "gpt", "all-minilm-l6-v2"));
	}

	@Test
	void reportsTheTokensAnAnswerUsedForTheGatewaysRateLimits() {
		String body = """
				{"model":"local","messages":[{"role":"user","content":"How do I reset my password?"}]""";
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body + "}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Banyan-Tokens", (tokens) -> assertThat(Long.parseLong(tokens)).isPositive());
		String raw = this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body + ",\"stream\":true}")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(raw).containsPattern("\n\n:banyan-tokens=[1-9][0-9]*\n\ndata: ");
	}

	@Test
	void streamsTheLocalAnswerInOpenAiWireFormatWithUsageAndDone() {
		List<String> lines = v1Lines("""
				{"model":"local","messages":[{"role":"user","content":"How do I reset my password?"}],
				 "stream":true,"stream_options":{"include_usage":true}}""");

		assertThat(lines).allSatisfy((line) -> assertThat(line).startsWith("data: "));
		assertThat(lines.getLast()).isEqualTo("data: [DONE]");
		JsonNode first = data(lines.getFirst());
		assertThat(first.path("object").asString()).isEqualTo("chat.completion.chunk");
		assertThat(first.path("choices").path(0).path("delta").path("role").asString()).isEqualTo("assistant");
		JsonNode usage = data(lines.get(lines.size() - 2));
		assertThat(usage.path("choices").size()).isZero();
		assertThat(usage.path("usage").path("completion_tokens").asLong()).isPositive();
		assertThat(data(lines.get(lines.size() - 3)).path("choices").path(0).path("finish_reason").asString())
			.isEqualTo("stop");
		String text = lines.subList(0, lines.size() - 3)
			.stream()
			.map((line) -> data(line).path("choices").path(0).path("delta").path("content").asString())
			.reduce("", String::concat);
		assertThat(text).startsWith("This is Banyan's offline local model. It is not a generative model")
			.contains("How do I reset my password?");
	}

	@Test
	void answersAWholeCompletionWhenNotStreaming() {
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.object")
			.isEqualTo("chat.completion")
			.jsonPath("$.choices[0].message.role")
			.isEqualTo("assistant")
			.jsonPath("$.choices[0].message.content")
			.isEqualTo("This is ")
			.jsonPath("$.choices[0].finish_reason")
			.isEqualTo("length")
			.jsonPath("$.usage.completion_tokens")
			.isEqualTo(3);
	}

	@Test
	void relaysAnUpstreamAnswerWithTheUpstreamsUsage() {
		stubUpstreamStream("stream-with-usage.txt");

		List<String> lines = v1Lines("""
				{"model":"gpt","messages":[{"role":"user","content":"Reset?"}],
				 "stream":true,"stream_options":{"include_usage":true}}""");

		assertThat(lines.getLast()).isEqualTo("data: [DONE]");
		assertThat(data(lines.get(lines.size() - 2)).path("usage").path("prompt_tokens").asLong()).isEqualTo(19);
		assertThat(data(lines.getFirst()).path("model").asString()).isEqualTo("gpt");
	}

	@Test
	void forwardsClientToolsAndTheirResultsUpstreamAndToolCallDeltasBackIndexByIndex() {
		stubUpstreamStream("stream-tool-calls.txt");
		String tools = """
				[{"type":"function","function":{"name":"get_delivery_slot","description":"Next delivery slot",
				  "parameters":{"type":"object","properties":{"postcode":{"type":"string"}},"required":["postcode"]}}}]""";
		String history = """
				{"role":"assistant","content":null,"tool_calls":[{"id":"call_0","type":"function",
				  "function":{"name":"get_delivery_slot","arguments":"{}"}}]},
				{"role":"tool","tool_call_id":"call_0","content":"postcode missing"}""";

		List<String> lines = v1Lines("{\"model\":\"gpt\",\"stream\":true,\"tool_choice\":\"auto\",\"tools\":" + tools
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"When can you deliver?\"}," + history + "]}");

		JsonNode sent = this.json.readTree(upstream.getAllServeEvents().getFirst().getRequest().getBodyAsString());
		assertThat(sent.path("tools")).isEqualTo(this.json.readTree(tools));
		assertThat(sent.path("tool_choice").asString()).isEqualTo("auto");
		assertThat(sent.path("messages").path(1).path("tool_calls").path(0).path("id").asString()).isEqualTo("call_0");
		assertThat(sent.path("messages").path(2).path("tool_call_id").asString()).isEqualTo("call_0");

		assertThat(lines.getLast()).isEqualTo("data: [DONE]");
		List<JsonNode> calls = lines.subList(0, lines.size() - 1)
			.stream()
			.map(this::data)
			.flatMap((chunk) -> chunk.path("choices").path(0).path("delta").path("tool_calls").valueStream())
			.toList();
		assertThat(calls).hasSize(5);
		assertThat(calls.get(0)).isEqualTo(this.json.readTree(
				"""
						{"index":0,"id":"call_k2Jx8yQm","type":"function","function":{"name":"get_delivery_slot","arguments":""}}"""));
		assertThat(calls.get(1))
			.isEqualTo(this.json.readTree("{\"index\":0,\"function\":{\"arguments\":\"{\\\"postc\"}}"));
		assertThat(calls.get(3).path("index").asInt()).isEqualTo(1);
		assertThat(calls.get(3).path("id").asString()).isEqualTo("call_P0w3rLv");
		assertThat(data(lines.get(lines.size() - 2)).path("choices").path(0).path("finish_reason").asString())
			.isEqualTo("tool_calls");
	}

	@Test
	void servesAnAnthropicModelsToolUseAsOpenAiToolCalls() {
		upstream.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody(Fixtures.named("anthropic/stream-tool-use.txt"))));

		List<String> lines = v1Lines("""
				{"model":"claude","stream":true,"stream_options":{"include_usage":true},
				 "messages":[{"role":"user","content":"When can you deliver?"}]}""");

		List<JsonNode> chunks = lines.subList(0, lines.size() - 1).stream().map(this::data).toList();
		assertThat(chunks.stream()
			.map((chunk) -> chunk.path("choices").path(0).path("delta").path("content").asString(""))
			.reduce("", String::concat)).isEqualTo("Let me check the slot.");
		assertThat(chunks.get(1).path("choices").path(0).path("delta").path("tool_calls").path(0))
			.isEqualTo(this.json.readTree("""
					{"index":0,"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function",
					 "function":{"name":"get_delivery_slot","arguments":""}}"""));
		assertThat(chunks.get(chunks.size() - 2).path("choices").path(0).path("finish_reason").asString())
			.isEqualTo("tool_calls");
		assertThat(chunks.getLast().path("usage").path("prompt_tokens").asLong()).isEqualTo(472);
		assertThat(lines.getLast()).isEqualTo("data: [DONE]");
	}

	@Test
	void assemblesToolCallsIntoAWholeCompletion() {
		stubUpstreamStream("stream-tool-calls.txt");

		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"When?\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.choices[0].message.content")
			.doesNotExist()
			.jsonPath("$.choices[0].message.tool_calls[0].id")
			.isEqualTo("call_k2Jx8yQm")
			.jsonPath("$.choices[0].message.tool_calls[0].function.arguments")
			.isEqualTo("{\"postcode\": \"1011 AB\"}")
			.jsonPath("$.choices[0].message.tool_calls[1].function.name")
			.isEqualTo("get_battery_health")
			.jsonPath("$.choices[0].finish_reason")
			.isEqualTo("tool_calls")
			.jsonPath("$.usage.prompt_tokens")
			.isEqualTo(112);
	}

	@Test
	void refusesAnUnknownModelWithAnOpenAiNotFoundError() {
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("model_not_found")
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error");
	}

	@Test
	void refusesMalformedJsonWithAnOpenAiErrorOnV1AndAProblemElsewhere() {
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\": \"local\", \"messages\": [")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error");
		this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\": \"local\", \"messages\": [")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/malformed-request");
	}

	@Test
	void refusesAnOversizedBodyWith413OnBothProtocols() {
		String huge = "{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2_000_000)
				+ "\"}]}";
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(huge)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("payload_too_large");
		this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(huge)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/payload-too-large");
	}

	@Test
	void answersAnUpstreamFailureBeforeTheFirstTokenWithAnHttpError() {
		upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500)));

		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("api_error")
			.jsonPath("$.error.code")
			.isEqualTo("provider_unavailable");
	}

	@Test
	void endsAV1StreamThatFailsMidwayWithAnErrorLineAndNoDone() {
		stubUpstreamStream("stream-error-mid-stream.txt");

		List<String> lines = v1Lines(
				"{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}");

		assertThat(lines).hasSize(2);
		assertThat(data(lines.get(0)).path("choices").path(0).path("delta").path("content").asString())
			.isEqualTo("Partial");
		assertThat(data(lines.get(1)).path("error").path("code").asString()).isEqualTo("provider_unavailable");
		assertThat(lines).doesNotContain("data: [DONE]");
	}

	@Test
	void streamsBanyanEventsInProtocolOrderWithIncreasingIds() {
		List<ServerSentEvent<String>> events = chatStream("local");

		List<String> names = events.stream().map(ServerSentEvent::event).toList();
		assertThat(names.getFirst()).isEqualTo("start");
		assertThat(names.subList(1, names.size() - 2)).isNotEmpty().containsOnly("delta");
		assertThat(names.subList(names.size() - 2, names.size())).containsExactly("metrics", "end");
		assertThat(events.stream().map(ServerSentEvent::id).map(Long::parseLong).toList()).isSorted()
			.doesNotHaveDuplicates();
		StreamEvent.Metrics metrics = read(events.get(events.size() - 2), StreamEvent.Metrics.class);
		assertThat(metrics.provider()).isEqualTo("local");
		assertThat(metrics.outputTokens()).isPositive();
		assertThat(read(events.getLast(), StreamEvent.End.class).finishReason()).isEqualTo("stop");
	}

	@Test
	void sendsPingCommentsWhileTheAnswerIsSlow() {
		List<ServerSentEvent<String>> events = this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"maxTokens\":3}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(SSE)
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(events).anySatisfy((event) -> {
			assertThat(event.comment()).isEqualTo("ping");
			assertThat(event.event()).isNull();
		});
		assertThat(events.getLast().event()).isEqualTo("end");
	}

	@Test
	void endsABanyanStreamThatFailsMidwayWithAProblemEvent() {
		stubUpstreamStream("stream-error-mid-stream.txt");

		List<ServerSentEvent<String>> events = chatStream("gpt");

		assertThat(events).extracting(ServerSentEvent::event).containsExactly("start", "delta", "error");
		StreamEvent.Error error = read(events.getLast(), StreamEvent.Error.class);
		assertThat(error.problem().status()).isEqualTo(503);
		assertThat(error.problem().type().toString()).isEqualTo("https://banyan.dev/problems/provider-unavailable");
		assertThat(error.problem().detail()).contains("The server had an error");
	}

	@Test
	void refusesAnInvalidBanyanRequestWithAProblemListingTheFields() {
		this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"model\":\"local\",\"messages\":[{\"role\":\"robot\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("messages[0].role"));
	}

	private List<String> v1Lines(String body) {
		String raw = this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(raw).endsWith("\n\n");
		// Comments (the token report) are for the gateway; SDKs skip them.
		return Arrays.stream(raw.split("\n\n")).filter((line) -> !line.startsWith(":")).toList();
	}

	private List<ServerSentEvent<String>> chatStream(String model) {
		return this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(SSE)
			.getResponseBody()
			.filter((event) -> event.event() != null)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private JsonNode data(String line) {
		return this.json.readTree(line.substring("data: ".length()));
	}

	private <T extends StreamEvent> T read(ServerSentEvent<String> event, Class<T> type) {
		assertThat(StreamEvent.Kind.named(event.event()).type()).isEqualTo(type);
		return this.json.readValue(event.data(), type);
	}

	private static void stubUpstreamStream(String fixture) {
		upstream
			.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
				.withBody(Fixtures.named("openai/" + fixture))));
	}

}
