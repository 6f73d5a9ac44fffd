package banyan.llm.provider.anthropic;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import banyan.contracts.stream.StreamEvent.ToolCallDelta;
import banyan.llm.Fixtures;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ToolCall;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.ProviderRejectedRequest;
import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.TokenUsage;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

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
 * The Anthropic adapter against WireMock replaying the Messages API's exact streaming
 * events: what it sends for an OpenAI-shaped request, and what it makes of the answer.
 */
class AnthropicProviderIntegrationTests {

	static final String PATH = "/v1/messages";

	@RegisterExtension
	static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private AnthropicProvider provider;

	@BeforeEach
	void createProvider() {
		var settings = new ProviderSettings.Provider(ProviderSettings.Type.ANTHROPIC,
				URI.create(upstream.baseUrl() + "/v1"), "sk-ant-test", Duration.ofSeconds(2), Duration.ZERO, 1024, 100);
		this.provider = new AnthropicProvider("anthropic", settings, WebClient.builder());
	}

	@Test
	void streamsTextThenTheStopReasonWithUsageInOpenAisVocabulary() {
		stubStream("stream-text.txt");

		List<ProviderChunk> chunks = this.provider.stream(request()).collectList().block(Duration.ofSeconds(10));

		assertThat(chunks).extracting(ProviderChunk::text).containsExactly("Open Settings", " → Security.", "");
		assertThat(chunks.getLast().finishReason()).isEqualTo("stop");
		assertThat(chunks.getLast().usage()).isEqualTo(new TokenUsage(25, 15, false));
	}

	@Test
	void translatesSystemMessagesToolCallsToolResultsAndToolSettings() {
		stubStream("stream-text.txt");
		var assistant = new Message(Message.Role.ASSISTANT, List.of(new Message.Part.Text("Checking.")),
				List.of(new ToolCall("call_1", "get_delivery_slot", "{\"postcode\":\"1011 AB\"}")), null, Map.of());
		var toolResult = Message.toolResult("call_1", "Tuesday 10:00-12:00");
		var request = new ChatRequest("claude-sonnet-4-5",
				List.of(Message.of(Message.Role.SYSTEM, "You are Vela's assistant."),
						Message.of(Message.Role.DEVELOPER, "Be brief."),
						Message.of(Message.Role.USER, "When can you deliver?"), assistant, toolResult,
						Message.of(Message.Role.USER, "And the battery?")),
				null, 1.5, this.json.readValue("""
						{"tools":[{"type":"function","function":{"name":"get_delivery_slot","description":"Next slot",
						  "parameters":{"type":"object","properties":{"postcode":{"type":"string"}}}}}],
						 "tool_choice":"required","parallel_tool_calls":false,"stop":"END","top_p":0.9,
						 "user":"customer-7","seed":7}""", new TypeReference<Map<String, Object>>() {
				}));

		this.provider.stream(request).blockLast(Duration.ofSeconds(10));

		upstream.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("x-api-key", equalTo("sk-ant-test"))
			.withHeader("anthropic-version", equalTo("2023-06-01"))
			.withRequestBody(equalToJson("""
					{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"temperature":1.0,
					 "system":"You are Vela's assistant.\\n\\nBe brief.",
					 "messages":[
					  {"role":"user","content":[{"type":"text","text":"When can you deliver?"}]},
					  {"role":"assistant","content":[{"type":"text","text":"Checking."},
					    {"type":"tool_use","id":"call_1","name":"get_delivery_slot","input":{"postcode":"1011 AB"}}]},
					  {"role":"user","content":[
					    {"type":"tool_result","tool_use_id":"call_1","content":"Tuesday 10:00-12:00"},
					    {"type":"text","text":"And the battery?"}]}],
					 "tools":[{"name":"get_delivery_slot","description":"Next slot",
					   "input_schema":{"type":"object","properties":{"postcode":{"type":"string"}}}}],
					 "tool_choice":{"type":"any","disable_parallel_tool_use":true},
					 "stop_sequences":["END"],"top_p":0.9,"metadata":{"user_id":"customer-7"}}""")));
	}

	@Test
	void turnsToolUseBlocksIntoOpenAiToolCallDeltasNumberedFromZero() {
		stubStream("stream-tool-use.txt");

		List<ProviderChunk> chunks = this.provider.stream(request()).collectList().block(Duration.ofSeconds(10));

		assertThat(chunks.getFirst().text()).isEqualTo("Let me check the slot.");
		List<ToolCallDelta> calls = chunks.stream().flatMap((chunk) -> chunk.toolCalls().stream()).toList();
		assertThat(calls).containsExactly(
				new ToolCallDelta(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_delivery_slot", ""),
				new ToolCallDelta(0, null, null, "{\"postcode\": \"10"), new ToolCallDelta(0, null, null, "11 AB\"}"),
				new ToolCallDelta(1, "toolu_01QwErTy5678", "get_battery_health", ""),
				new ToolCallDelta(1, null, null, "{\"bike_id\": \"B-2207\"}"));
		assertThat(chunks.getLast().finishReason()).isEqualTo("tool_calls");
		assertThat(chunks.getLast().usage()).isEqualTo(new TokenUsage(472, 89, false));
	}

	@Test
	void deliversWhatCameBeforeAnErrorEventThenFails() {
		stubStream("stream-error-overloaded.txt");
		var received = new ArrayList<ProviderChunk>();

		Throwable failure = catchThrowable(
				() -> this.provider.stream(request()).doOnNext(received::add).blockLast(Duration.ofSeconds(10)));

		assertThat(received).extracting(ProviderChunk::text).containsExactly("Partial");
		assertThat(failure).isInstanceOf(ProviderUnavailable.class)
			.hasMessageContaining("overloaded_error: Overloaded");
	}

	@Test
	void failsWhenTheStreamEndsBeforeTheMessageStops() {
		String cut = Fixtures.named("anthropic/stream-text.txt").split("event: message_delta")[0];
		upstream
			.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(cut)));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("before the answer's end");
	}

	@Test
	void failsAsRejectedWhenThePromptIsTooLong() {
		upstream.stubFor(post(PATH).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("anthropic/error-invalid-request.json"))));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOf(ProviderRejectedRequest.class).hasMessageContaining("prompt is too long");
	}

	@Test
	void failsAsUnavailableWithRetryAfterWhenOverloaded() {
		upstream.stubFor(post(PATH).willReturn(aResponse().withStatus(529)
			.withHeader("Retry-After", "2")
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("anthropic/error-overloaded.json"))));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOfSatisfying(ProviderUnavailable.class,
				(unavailable) -> assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
		assertThat(failure).hasMessageContaining("HTTP 529");
	}

	@Test
	void failsAsUnavailableWhenTheConnectionIsReset() {
		upstream.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		Throwable failure = catchThrowable(() -> this.provider.stream(request()).blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOf(ProviderUnavailable.class);
	}

	@Test
	void refusesAContentPartItCannotTranslateWithoutCallingAnthropic() {
		var audio = new Message(Message.Role.USER,
				List.of(new Message.Part.Other("input_audio",
						Map.of("type", "input_audio", "input_audio", Map.of("data", "AAAA", "format", "wav")))),
				List.of(), null, Map.of());

		Throwable failure = catchThrowable(
				() -> this.provider.stream(new ChatRequest("claude", List.of(audio), null, null, Map.of()))
					.blockLast(Duration.ofSeconds(10)));

		assertThat(failure).isInstanceOf(ProviderRejectedRequest.class).hasMessageContaining("input_audio");
		upstream.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	private static ChatRequest request() {
		return new ChatRequest("claude-sonnet-4-5", List.of(Message.of(Message.Role.USER, "Hi")), null, null, Map.of());
	}

	private static void stubStream(String fixture) {
		upstream
			.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream; charset=utf-8")
				.withBody(Fixtures.named("anthropic/" + fixture))));
	}

}
