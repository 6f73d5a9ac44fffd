package banyan.llm.conversation;

import java.time.Duration;
import java.util.UUID;

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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
 * Conversations on real PostgreSQL: the history reaches the provider, answers are stored,
 * and what does not fit or fails is handled.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "banyan.llm.providers.upstream.type=openai", "banyan.llm.resilience.max-retries=0",
				"banyan.llm.models.gpt.targets[0].provider=upstream", "banyan.llm.models.gpt.targets[0].model=g",
				"banyan.llm.models.gpt.context-window=4096" })
class ConversationIntegrationTests {

	static final String PATH = "/v1/chat/completions";

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		upstream.start();
	}

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.upstream.base-url", () -> upstream.baseUrl() + "/v1");
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
	void sendsTheHistoryWithEachTurnAndStoresTheAnswers() {
		upstream.stubFor(post(PATH).willReturn(stream()));
		UUID id = UUID.randomUUID();

		assertThat(turn(id, "How do I reset my password?")).contains("event:end");
		assertThat(turn(id, "And my e-mail address?")).contains("event:end");

		JsonNode second = this.json.readTree(upstream.getAllServeEvents().getFirst().getRequest().getBodyAsString());
		assertThat(second.path("messages").get(0).path("role").asString()).isEqualTo("system");
		assertThat(second.path("messages")
			.valueStream()
			.skip(1)
			.map((m) -> m.path("role").asString() + ":" + m.path("content").asString()))
			.containsExactly("user:How do I reset my password?", "assistant:Open Settings → Security.",
					"user:And my e-mail address?");
		this.client.get()
			.uri("/chat/conversations/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo("gpt")
			.jsonPath("$.messages.length()")
			.isEqualTo(4)
			.jsonPath("$.messages[3].content")
			.isEqualTo("Open Settings → Security.")
			.jsonPath("$.messages[3].tokens")
			.value((tokens) -> assertThat((Integer) tokens).isPositive());
	}

	@Test
	void keepsEachTenantsConversationsApartUnderTheSameId() {
		upstream.stubFor(post(PATH).willReturn(stream()));
		UUID id = UUID.randomUUID();
		String tenantB = "Bearer " + TestTokens.token("tenant-b", java.util.List.of());
		assertThat(turn(id, "A's secret question")).contains("event:end");

		this.client.get()
			.uri("/chat/conversations/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenantB)
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/chat/conversations/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenantB)
			.exchange()
			.expectStatus()
			.isNotFound();
		// B continuing "the same" conversation starts its own: A's history never reaches
		// B's prompt.
		upstream.resetRequests();
		this.client.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, tenantB)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"conversationId\":\"" + id
					+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"B here\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("event:end"));
		assertThat(upstream.getAllServeEvents().getFirst().getRequest().getBodyAsString())
			.doesNotContain("secret question");
		this.client.get()
			.uri("/chat/conversations/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(2);
	}

	@Test
	void storesNothingWhenTheAnswerFails() {
		upstream.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));
		UUID id = UUID.randomUUID();

		assertThat(turn(id, "Hello?")).contains("event:error").doesNotContain("event:end");

		this.client.get().uri("/chat/conversations/" + id).exchange().expectStatus().isNotFound();
	}

	@Test
	void refusesATurnTooLongForTheModelBeforeTheStreamStarts() {
		this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"conversationId\":\"" + UUID.randomUUID()
					+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(5_000) + "\"}]}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("takes 4096 tokens in all"));
		upstream.verify(0, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void forgetsAConversation() {
		upstream.stubFor(post(PATH).willReturn(stream()));
		UUID id = UUID.randomUUID();
		turn(id, "Remember this.");

		this.client.delete().uri("/chat/conversations/" + id).exchange().expectStatus().isNoContent();
		this.client.get().uri("/chat/conversations/" + id).exchange().expectStatus().isNotFound();
		this.client.delete().uri("/chat/conversations/" + id).exchange().expectStatus().isNotFound();
		this.client.get().uri("/chat/conversations/not-a-uuid").exchange().expectStatus().isBadRequest();
	}

	private String turn(UUID id, String question) {
		return this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"conversationId\":\"" + id
					+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder stream() {
		return aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody(Fixtures.named("openai/stream-with-usage.txt"));
	}

}
