package banyan.llm.tool;

import java.time.Duration;
import java.util.List;

import banyan.llm.Fixtures;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit on tool calls per request: a call past it is refused without running, and the
 * model is told to answer with what it has ({@code tool_choice: none}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "banyan.llm.providers.upstream.type=openai",
				"banyan.llm.models.gpt.targets[0].provider=upstream",
				"banyan.llm.models.gpt.targets[0].model=gpt-4o-mini", "banyan.llm.tools.max-calls-per-request=1" })
class ToolCallLimitIntegrationTests {

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		upstream.start();
		legacy.start();
	}

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.upstream.base-url", () -> upstream.baseUrl() + "/v1");
		registry.add("banyan.llm.tools.legacy-uri", legacy::baseUrl);
	}

	@AfterAll
	static void stop() {
		upstream.stop();
		legacy.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void refusesCallsPastTheLimitAndAsksTheModelToAnswer() {
		upstream.stubFor(post("/v1/chat/completions")
			.willReturn(ToolLoopIntegrationTests.sse(Fixtures.named("openai/stream-ticket-status-calls.txt"))));
		upstream.stubFor(post("/v1/chat/completions").withRequestBody(containing("\"role\":\"tool\""))
			.atPriority(1)
			.willReturn(ToolLoopIntegrationTests.sse(Fixtures.named("openai/stream-with-usage.txt"))));
		legacy.stubFor(get(urlPathMatching("/api/tickets/.*")).willReturn(okJson("{\"id\":42,\"status\":\"OPEN\"}")));
		WebTestClient client = WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token(TestTokens.TENANT, List.of()))
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();

		List<ServerSentEvent<String>> events = ToolLoopIntegrationTests.chat(client, "gpt");

		assertThat(data(events.get(1)).path("status").asString()).isEqualTo("ok");
		assertThat(data(events.get(2)).path("status").asString()).isEqualTo("refused");
		assertThat(data(events.get(2)).path("output").asString()).contains("limit of 1 tool calls");
		legacy.verify(1, getRequestedFor(urlPathMatching("/api/tickets/.*")));
		JsonNode second = this.json.readTree(upstream.getAllServeEvents().getFirst().getRequest().getBodyAsString());
		assertThat(second.path("tool_choice").asString()).isEqualTo("none");
		assertThat(events.getLast().event()).isEqualTo("end");
	}

	private JsonNode data(ServerSentEvent<String> event) {
		return this.json.readTree(event.data());
	}

}
