package banyan.llm.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import banyan.llm.Fixtures;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} against real PostgreSQL and a WireMock provider that takes 300
 * ms to answer: one charge per key, replays, conflicts and refusals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "banyan.llm.providers.upstream.type=openai",
		"banyan.llm.models.gpt.targets[0].provider=upstream", "banyan.llm.models.gpt.targets[0].model=gpt-4o-mini",
		"banyan.llm.models.gpt.input-price-per-million=1", "banyan.llm.models.gpt.output-price-per-million=1" })
class IdempotencyIntegrationTests {

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
	DatabaseClient database;

	String tenant;

	String key;

	@BeforeEach
	void slowAnswer() {
		upstream.resetAll();
		upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFixedDelay(300)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(Fixtures.named("openai/stream-with-usage.txt"))));
		this.tenant = "idem-" + UUID.randomUUID().toString().substring(0, 8);
		this.key = "order-" + UUID.randomUUID();
	}

	@Test
	void tenConcurrentRepeatsRunOnceAndChargeOnce() {
		WebClient client = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token(this.tenant))
			.build();

		List<Integer> statuses = Flux.range(0, 10)
			.flatMap(
					(index) -> client.post()
						.uri("/v1/chat/completions")
						.header(IdempotentRequests.HEADER, this.key)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(body("Hi"))
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					10)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 409).hasSize(9);
		upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		assertThat(ledgerRows()).isEqualTo(1);
	}

	@Test
	void replaysACompletedAnswerWithoutCallingTheProviderAgain() {
		EntityExchangeResult<String> first = complete(this.key, body("Hi"));
		EntityExchangeResult<String> again = complete(this.key, body("Hi"));

		assertThat(first.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(again.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody()).contains("Open Settings");
		assertThat(again.getResponseHeaders().getFirst(IdempotentRequests.REPLAYED)).isEqualTo("true");
		assertThat(first.getResponseHeaders().getFirst(IdempotentRequests.REPLAYED)).isNull();
		upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		assertThat(ledgerRows()).isEqualTo(1);
	}

	@Test
	void refusesTheKeyWithADifferentBody() {
		complete(this.key, body("Hi"));

		EntityExchangeResult<String> other = complete(this.key, body("Something else"));

		assertThat(other.getStatus()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(other.getResponseBody()).contains("\"code\":\"idempotency_key_reused\"");
		upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void refusesToRunAStreamedAnswerTwice() {
		String chat = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
		client().post()
			.uri("/chat/stream")
			.header(IdempotentRequests.HEADER, this.key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(chat)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody()
			.blockLast(Duration.ofSeconds(30));

		client().post()
			.uri("/chat/stream")
			.header(IdempotentRequests.HEADER, this.key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(chat)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/idempotency-conflict")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("streamed already"));
		upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void releasesTheKeyWhenTheFirstRequestFailedWithoutCharge() {
		upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("openai/error-context-length.json"))));
		assertThat(complete(this.key, body("Hi")).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		upstream
			.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
				.withBody(Fixtures.named("openai/stream-with-usage.txt"))));

		assertThat(complete(this.key, body("Hi")).getStatus()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void keepsKeysApartPerTenant() {
		complete(this.key, body("Hi"));

		EntityExchangeResult<String> stranger = client(token("other-" + this.tenant)).post()
			.uri("/v1/chat/completions")
			.header(IdempotentRequests.HEADER, this.key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("Hi"))
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(stranger.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(stranger.getResponseHeaders().getFirst(IdempotentRequests.REPLAYED)).isNull();
		upstream.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void refusesAMalformedKey() {
		client().post()
			.uri("/v1/chat/completions")
			.header(IdempotentRequests.HEADER, "x".repeat(256))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("Hi"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.message")
			.isEqualTo("Idempotency-Key must be 1 to 255 visible ASCII characters.");
		upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	private EntityExchangeResult<String> complete(String idempotencyKey, String body) {
		return client().post()
			.uri("/v1/chat/completions")
			.header(IdempotentRequests.HEADER, idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static String body(String prompt) {
		return "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
	}

	private static String token(String tenant) {
		return TestTokens.token(tenant, List.of());
	}

	private WebTestClient client() {
		return client(token(this.tenant));
	}

	private WebTestClient client(String token) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private long ledgerRows() {
		return this.database.sql("select count(*) as n from usage_ledger where tenant = :tenant")
			.bind("tenant", this.tenant)
			.map((row, meta) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
