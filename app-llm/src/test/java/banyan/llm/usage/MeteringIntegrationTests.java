package banyan.llm.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.contracts.identity.Budgets;
import banyan.llm.Fixtures;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets and the usage ledger against real PostgreSQL and a WireMock provider that
 * answers in OpenAI's streaming format with usage (19 prompt and 5 answer tokens). The
 * model {@code priced} costs 1,000 per million tokens either way, so one answer costs
 * 0.024 and a request for "Hi" with {@code max_tokens: 20} reserves 0.03.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "banyan.llm.providers.upstream.type=openai",
		"banyan.llm.models.priced.targets[0].provider=upstream",
		"banyan.llm.models.priced.targets[0].model=gpt-4o-mini",
		"banyan.llm.models.priced.input-price-per-million=1000",
		"banyan.llm.models.priced.output-price-per-million=1000", "banyan.llm.models.priced.context-window=4000",
		"banyan.llm.identity.internal-token=usage-test-internal-token",
		"banyan.llm.resilience.max-concurrent-calls-per-target=100",
		// Every provider call is one request: no retry may hide a failure.
		"banyan.llm.resilience.max-retries=0" })
class MeteringIntegrationTests {

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(80));

	static final String INTERNAL = "Bearer usage-test-internal-token";

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

	@Autowired
	BudgetCounters counters;

	@Autowired
	BudgetSweep sweep;

	@Autowired
	JsonMapper json;

	String tenant;

	@BeforeEach
	void answerWithUsage() {
		upstream.resetAll();
		upstream
			.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
				.withBody(Fixtures.named("openai/stream-with-usage.txt"))));
		this.tenant = "metered-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void recordsOneLedgerRowPerRequestWithTheProvidersUsage() {
		String token = token(Map.of());
		ask(token, "/v1/chat/completions", false).expectStatus().isOk();
		ask(token, "/chat/stream", false).expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody()
			.blockLast(Duration.ofSeconds(30));

		List<Map<String, Object>> rows = ledger();
		assertThat(rows).hasSize(2);
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("request_id").toString()).startsWith("req_");
			assertThat(row).containsEntry("key_id", "1")
				.containsEntry("model", "priced")
				.containsEntry("provider", "upstream")
				.containsEntry("provider_model", "gpt-4o-mini")
				.containsEntry("input_tokens", 19L)
				.containsEntry("output_tokens", 5L)
				.containsEntry("tokens_estimated", false)
				.containsEntry("cache_hit", false)
				.containsEntry("outcome", "ok");
			assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.024");
		});

		JsonNode usage = this.json.readTree(client(token).get()
			.uri("/v1/usage")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(usage.path("tenant").asString()).isEqualTo(this.tenant);
		assertThat(usage.path("requests").asLong()).isEqualTo(2);
		assertThat(usage.path("inputTokens").asLong()).isEqualTo(38);
		assertThat(usage.path("outputTokens").asLong()).isEqualTo(10);
		assertThat(usage.path("cost").decimalValue()).isEqualByComparingTo("0.048");
		assertThat(usage.path("currency").asString()).isEqualTo("USD");
		assertThat(usage.path("models").get(0).path("model").asString()).isEqualTo("priced");
	}

	@Test
	void refusesAnExhaustedBudgetWithZeroProviderCalls() {
		String token = token(Map.of(Budgets.KEY_DAILY, "0.01"));

		ask(token, "/v1/chat/completions", true).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("insufficient_quota")
			.jsonPath("$.error.message")
			.value((String message) -> assertThat(message).contains("key's daily budget"));
		ask(token, "/chat/stream", false).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/budget-exhausted");

		upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		assertThat(ledger()).isEmpty();
		assertThat((BigDecimal) counter("key:" + this.tenant + ":1", "DAY").get("reserved")).isEqualByComparingTo("0");
	}

	@Test
	void fiftyConcurrentRequestsAtTheEdgeOfABudgetNeverSpendPastIt() {
		// Room for four worst cases (0.03 each), or five real answers (0.024 each).
		BigDecimal budget = new BigDecimal("0.12");
		String token = token(Map.of(Budgets.TENANT_MONTHLY, budget.toPlainString()));
		WebClient client = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.build();

		List<Integer> statuses = Flux.range(0, 50)
			.flatMap(
					(index) -> client.post()
						.uri("/v1/chat/completions")
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(body(false))
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					50)
			.collectList()
			.block(Duration.ofSeconds(60));

		long ok = statuses.stream().filter((status) -> status == 200).count();
		assertThat(statuses).containsOnly(200, 429);
		assertThat(ok).isBetween(4L, 5L);
		upstream.verify((int) ok, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		List<Map<String, Object>> rows = ledger();
		assertThat(rows).hasSize((int) ok);
		BigDecimal charged = rows.stream()
			.map((row) -> (BigDecimal) row.get("cost"))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(charged).isLessThanOrEqualTo(budget);
		Map<String, Object> counter = counter("tenant:" + this.tenant, "MONTH");
		assertThat((BigDecimal) counter.get("spent")).isEqualByComparingTo(charged);
		assertThat((BigDecimal) counter.get("reserved")).isEqualByComparingTo("0");
	}

	@Test
	void chargesNothingWhenTheProviderFailsBeforeTheFirstToken() {
		upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.named("openai/error-context-length.json"))));
		String token = token(Map.of(Budgets.KEY_MONTHLY, "1"));

		ask(token, "/v1/chat/completions", false).expectStatus().isBadRequest();

		List<Map<String, Object>> rows = ledger();
		assertThat(rows).hasSize(1);
		assertThat(rows.getFirst()).containsEntry("outcome", "error").containsEntry("output_tokens", 0L);
		assertThat((BigDecimal) rows.getFirst().get("cost")).isEqualByComparingTo("0");
		Map<String, Object> counter = counter("key:" + this.tenant + ":1", "MONTH");
		assertThat((BigDecimal) counter.get("spent")).isEqualByComparingTo("0");
		assertThat((BigDecimal) counter.get("reserved")).isEqualByComparingTo("0");
	}

	@Test
	void releasesReservationsThatWereNeverSettled() {
		var caller = new banyan.llm.identity.Caller(this.tenant, "1", List.of(), "standard", List.of(),
				new Budgets(null, new BigDecimal("1"), null, null), banyan.contracts.identity.GuardrailAction.BLOCK,
				"token");
		Instant longAgo = Instant.now().minus(Duration.ofHours(1));
		this.counters.reserve(caller, new BigDecimal("0.4"), longAgo).block(Duration.ofSeconds(10));
		this.counters.reserve(caller, new BigDecimal("0.5"), Instant.now()).block(Duration.ofSeconds(10));
		assertThat((BigDecimal) counter("tenant:" + this.tenant, "MONTH").get("reserved")).isEqualByComparingTo("0.9");

		this.sweep.releaseExpiredHolds().block(Duration.ofSeconds(10));

		// Only the old one: the other request may still be running.
		assertThat((BigDecimal) counter("tenant:" + this.tenant, "MONTH").get("reserved")).isEqualByComparingTo("0.5");
	}

	@Test
	void theBackOfficeReadsAnyTenantsUsageWithTheInternalTokenOnly() {
		ask(token(Map.of()), "/v1/chat/completions", false).expectStatus().isOk();
		String today = LocalDate.now(ZoneOffset.UTC).toString();

		unauthenticated().get()
			.uri("/internal/usage?tenant={tenant}&from={day}&to={day}", this.tenant, today, today)
			.header(HttpHeaders.AUTHORIZATION, INTERNAL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.requests")
			.isEqualTo(1)
			.jsonPath("$.models[0].cost")
			.isEqualTo(0.024);
		unauthenticated().get()
			.uri("/internal/usage?tenant={tenant}", this.tenant)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(Map.of()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/unauthorized");
		unauthenticated().get()
			.uri("/internal/usage?tenant={tenant}", this.tenant)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void refusesAReportPeriodThatIsBackwardsOrTooLong() {
		client(token(Map.of())).get()
			.uri("/v1/usage?from=2026-12-02&to=2026-12-01")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.message")
			.isEqualTo("from must not be after to.");
		client(token(Map.of())).get()
			.uri("/v1/usage?from=2024-01-01&to=2026-12-01")
			.exchange()
			.expectStatus()
			.isBadRequest();
		client(token(Map.of())).get().uri("/v1/usage?from=yesterday").exchange().expectStatus().isBadRequest();
	}

	private String token(Map<String, String> budgets) {
		return TestTokens.sign(TestTokens.claims(this.tenant).claim(AccessTokenClaims.BUDGETS, budgets).build(),
				TestTokens.SIGNING_KEY);
	}

	private WebTestClient.ResponseSpec ask(String token, String path, boolean stream) {
		return client(token).post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body(stream))
			.exchange();
	}

	private static String body(boolean stream) {
		return "{\"model\":\"priced\",\"stream\":" + stream
				+ ",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
	}

	private WebTestClient client(String token) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private WebTestClient unauthenticated() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private List<Map<String, Object>> ledger() {
		return this.database.sql("select * from usage_ledger where tenant = :tenant order by id")
			.bind("tenant", this.tenant)
			.fetch()
			.all()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	private Map<String, Object> counter(String scope, String period) {
		return this.database
			.sql("select spent, reserved from budget_counters where scope = :scope and period = :period")
			.bind("scope", scope)
			.bind("period", period)
			.fetch()
			.one()
			.switchIfEmpty(Mono.just(Map.of("spent", BigDecimal.ZERO, "reserved", BigDecimal.ZERO)))
			.block(Duration.ofSeconds(10));
	}

}
