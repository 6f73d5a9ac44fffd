package banyan.gateway.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow traffic through the gateway, with WireMock as app-legacy (the primary and the
 * identity bridge) and as app-llm (the candidate): the primary answer reaches the client
 * unchanged whatever the candidate does, and every sample is counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "banyan.gateway.auth.internal-token=test-internal-token",
				"banyan.gateway.migration.routes.kb-search.path=/api/kb/search",
				"banyan.gateway.migration.routes.kb-search.mirror-percentage=100",
				"banyan.gateway.migration.routes.kb-search.noise-percentage=100",
				"banyan.gateway.migration.routes.kb-search.results-path=results",
				"banyan.gateway.migration.routes.kb-search.ignore=results[*].snippet",
				"banyan.gateway.migration.routes.kb-feedback.path=/api/kb/feedback",
				"banyan.gateway.migration.routes.kb-feedback.method=POST",
				"banyan.gateway.migration.routes.kb-feedback.mirror-unsafe-methods=true",
				"banyan.gateway.migration.routes.kb-feedback.mirror-percentage=100",
				"banyan.gateway.migration.max-body=64KB", "banyan.gateway.migration.timeout=2s",
				"banyan.gateway.migration.max-concurrent=2", "banyan.gateway.migration.flush-interval=200ms",
				// Why a sample was not counted as the test expects is in the log.
				"logging.level.banyan.gateway.migration=DEBUG" })
class MirroringIntegrationTests {

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

	static final String PAGE = "{\"query\":\"battery\",\"results\":[{\"id\":11,\"title\":\"Charging\"}],\"page\":0,"
			+ "\"size\":10,\"totalElements\":1,\"totalPages\":1}";

	static {
		legacy.start();
		llm.start();
	}

	@DynamicPropertySource
	static void targets(DynamicPropertyRegistry registry) {
		registry.add("banyan.gateway.legacy-uri", legacy::baseUrl);
		registry.add("banyan.gateway.migration.legacy-uri", legacy::baseUrl);
		registry.add("banyan.gateway.migration.candidate-uri", llm::baseUrl);
	}

	@AfterAll
	static void stopTargets() {
		legacy.stop();
		llm.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Mirroring mirroring;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		// A mirrored call of the test before may still hold the one slot.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.mirroring.inFlight() == 0);
		legacy.resetAll();
		llm.resetAll();
		legacy.stubFor(
				get(urlPathEqualTo("/api/kb/search")).willReturn(okJson(PAGE).withHeader("X-Served-By", "legacy")));
		legacy.stubFor(post("/internal/staff/access-token")
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer test-internal-token"))
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Basic "))
			.willReturn(okJson("{\"active\":true,\"tenant\":\"t1\",\"keyId\":\"staff:ada\",\"allowedModels\":[\"-\"],"
					+ "\"rateTier\":\"staff\",\"dataDomains\":[\"bikes\"],\"token\":\"signed.staff.token\","
					+ "\"tokenExpiresAt\":\"" + Instant.now().plusSeconds(300) + "\"}")));
		legacy.stubFor(post("/internal/migrations/results").willReturn(aResponse().withStatus(202)));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void mirrorsASampledSearchWithTheBridgesTokenAndCountsAMatch() {
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(okJson(
				// The same answer, keys in another order.
				"{\"results\":[{\"title\":\"Charging\",\"id\":11}],\"query\":\"battery\",\"page\":0,\"size\":10,"
						+ "\"totalElements\":1,\"totalPages\":1}")));
		double before = samples("match");

		// WireMock gzips the primary for this client: the copy is unpacked before the
		// comparison.
		search("/api/kb/search?q=battery&size=10").expectBody(String.class).isEqualTo(PAGE);

		await().atMost(Duration.ofSeconds(10)).until(() -> samples("match") > before);
		llm.verify(getRequestedFor(urlEqualTo("/api/kb/search?q=battery&size=10")).withHeader(HttpHeaders.AUTHORIZATION,
				equalTo("Bearer signed.staff.token")));
		// The result reaches app-legacy in a batch, with the internal token.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> legacy.verify(com.github.tomakehurst.wiremock.client.WireMock
				.postRequestedFor(urlEqualTo("/internal/migrations/results"))
				.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer test-internal-token"))
				.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"route\":\"kb-search\",")
					.and(com.github.tomakehurst.wiremock.client.WireMock.containing("\"outcome\":\"match\"")))));
	}

	@Test
	void dropsAndCountsResultsAppLegacyCannotTake() {
		legacy.stubFor(post("/internal/migrations/results").atPriority(1).willReturn(aResponse().withStatus(503)));
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(okJson(PAGE)));
		Counter dropped = this.meters.counter("banyan.migration.results.dropped", "reason", "legacy-unavailable");
		double before = dropped.count();

		search("/api/kb/search?q=lost").expectBody(String.class).isEqualTo(PAGE);

		await().atMost(Duration.ofSeconds(10)).until(() -> dropped.count() > before);
	}

	@Test
	void countsAMismatch() {
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(okJson(PAGE.replace("Charging", "Batteries"))));
		double before = samples("mismatch");

		search("/api/kb/search?q=battery").expectBody(String.class).isEqualTo(PAGE);

		await().atMost(Duration.ofSeconds(10)).until(() -> samples("mismatch") > before);
	}

	@Test
	void aCandidateThatIsSlowOrBreaksOffChangesNothingForTheClient() {
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(okJson(PAGE).withFixedDelay(6_000)));
		double before = samples("candidate-failed");
		// Answered although the candidate has not answered yet (and will be cut at 2 s).
		search("/api/kb/search?q=slow").expectBody(String.class).isEqualTo(PAGE);
		await().atMost(Duration.ofSeconds(10)).until(() -> samples("candidate-failed") > before);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.mirroring.inFlight() == 0);
		llm.stubFor(get(urlPathEqualTo("/api/kb/search"))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		search("/api/kb/search?q=reset").expectBody(String.class).isEqualTo(PAGE);
		await().atMost(Duration.ofSeconds(10)).until(() -> samples("candidate-failed") > before + 1);
	}

	@Test
	void aBridgeThatDoesNotAnswerInTimeDropsTheSampleNotTheCandidatesRecord() {
		legacy.stubFor(post("/internal/staff/access-token").atPriority(1)
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(basic("slow-bridge")))
			.willReturn(okJson("{\"active\":false,\"allowedModels\":[],\"dataDomains\":[]}").withFixedDelay(4_000)));
		double dropped = samples("dropped-bridge");
		double failed = samples("candidate-failed");
		this.client.get()
			.uri("/api/kb/search?q=bridge")
			.header(HttpHeaders.AUTHORIZATION, basic("slow-bridge"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(PAGE);
		await().atMost(Duration.ofSeconds(10)).until(() -> samples("dropped-bridge") > dropped);
		assertThat(samples("candidate-failed")).isEqualTo(failed);
		llm.verify(0, getRequestedFor(urlPathEqualTo("/api/kb/search")));
	}

	@Test
	void mirrorsARequestBodyOnARouteThatOptedIntoUnsafeMethodsAndNeverAsksAppLegacyTwice() {
		String feedback = "{\"article\":11,\"helpful\":true}";
		legacy.stubFor(post(urlPathEqualTo("/api/kb/feedback")).willReturn(okJson("{\"saved\":true}")));
		llm.stubFor(post(urlPathEqualTo("/api/kb/feedback"))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer signed.staff.token"))
			.willReturn(okJson("{\"saved\":true}")));
		double matches = samples("kb-feedback", "match");
		this.client.post()
			.uri("/api/kb/feedback")
			.header(HttpHeaders.AUTHORIZATION, basic("ada"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(feedback)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("{\"saved\":true}");
		await().atMost(Duration.ofSeconds(10)).until(() -> samples("kb-feedback", "match") > matches);
		llm.verify(1,
				postRequestedFor(urlPathEqualTo("/api/kb/feedback"))
					.withHeader(HttpHeaders.CONTENT_TYPE, containing("application/json"))
					.withHeader(Mirroring.MIRROR_HEADER, equalTo("true"))
					.withRequestBody(equalToJson(feedback)));
		legacy.verify(1, postRequestedFor(urlPathEqualTo("/api/kb/feedback")).withRequestBody(equalToJson(feedback))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo(basic("ada"))));

		// A body beyond the cap reaches app-legacy whole, and is not mirrored.
		String large = "{\"comment\":\"" + "x".repeat(70_000) + "\"}";
		double tooLarge = samples("kb-feedback", "dropped-too-large");
		this.client.post()
			.uri("/api/kb/feedback")
			.header(HttpHeaders.AUTHORIZATION, basic("ada"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(large)
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(10)).until(() -> samples("kb-feedback", "dropped-too-large") > tooLarge);
		legacy.verify(1, postRequestedFor(urlPathEqualTo("/api/kb/feedback")).withRequestBody(equalTo(large)));
		llm.verify(1, postRequestedFor(urlPathEqualTo("/api/kb/feedback")));
	}

	@Test
	void dropsAndCountsWhatIsBeyondTheConcurrencyCap() {
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(okJson(PAGE).withFixedDelay(1_500)));
		double before = samples("dropped-capacity");
		// The first request's candidate call holds one of the two slots for 1.5 s (its
		// second legacy call, quick, the other for a moment); the second's the other.
		search("/api/kb/search?q=first").expectBody(String.class).isEqualTo(PAGE);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.mirroring.inFlight() == 1);
		search("/api/kb/search?q=second").expectBody(String.class).isEqualTo(PAGE);
		assertThat(this.mirroring.inFlight()).isEqualTo(2);
		search("/api/kb/search?q=third").expectBody(String.class).isEqualTo(PAGE);
		assertThat(samples("dropped-capacity")).isEqualTo(before + 1);
	}

	@Test
	void countsDifferingFieldsSearchAgreementAndNoise() {
		// The second legacy call (no X-Forwarded-For: not through the gateway's proxy)
		// answers another total: noise in that field.
		legacy.stubFor(get(urlPathEqualTo("/api/kb/search")).atPriority(1)
			.withHeader("X-Forwarded-For", com.github.tomakehurst.wiremock.client.WireMock.absent())
			.willReturn(okJson(PAGE.replace("\"totalElements\":1", "\"totalElements\":2"))));
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(
				okJson("{\"query\":\"battery\",\"results\":[{\"id\":11,\"title\":\"Charging!\",\"snippet\":\"x\"}],"
						+ "\"page\":0,\"size\":10,\"totalElements\":1,\"totalPages\":1}")));
		double titles = fields("results[*].title", "mismatch");
		double noisyTotals = fields("totalElements", "noise");
		long overlaps = overlaps();

		search("/api/kb/search?q=battery").expectBody(String.class).isEqualTo(PAGE);

		await().atMost(Duration.ofSeconds(10)).until(() -> fields("results[*].title", "mismatch") > titles);
		await().atMost(Duration.ofSeconds(10)).until(() -> fields("totalElements", "noise") > noisyTotals);
		// The snippet is ignored by the route's rules; the same result ids agree fully.
		assertThat(fields("results[*].snippet", "mismatch")).isZero();
		await().atMost(Duration.ofSeconds(10)).until(() -> overlaps() > overlaps);
		assertThat(this.meters.find("banyan.migration.search.overlap").summary().max()).isEqualTo(1.0);
	}

	private double fields(String field, String kind) {
		Counter counter = this.meters.find("banyan.migration.fields")
			.tag("route", "kb-search")
			.tag("field", field)
			.tag("kind", kind)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private long overlaps() {
		var summary = this.meters.find("banyan.migration.search.overlap").summary();
		return (summary != null) ? summary.count() : 0;
	}

	@Test
	void mirrorsOnlyTheRoutesMethodForStaffTheBridgeKnows() {
		legacy.stubFor(post(urlPathEqualTo("/api/kb/search")).willReturn(okJson(PAGE)));
		this.client.post()
			.uri("/api/kb/search?q=battery")
			.header(HttpHeaders.AUTHORIZATION, basic("ada"))
			.exchange()
			.expectStatus()
			.isOk();
		// No credential, or one that is not Basic: nothing to mirror as.
		this.client.get().uri("/api/kb/search?q=battery").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/api/kb/search?q=battery")
			.header(HttpHeaders.AUTHORIZATION, "Bearer something")
			.exchange()
			.expectStatus()
			.isOk();
		// Another path.
		legacy.stubFor(get(urlPathEqualTo("/api/articles")).willReturn(okJson("[]")));
		this.client.get()
			.uri("/api/articles")
			.header(HttpHeaders.AUTHORIZATION, basic("ada"))
			.exchange()
			.expectStatus()
			.isOk();

		// A credential the bridge does not know is not mirrored either.
		legacy.stubFor(post("/internal/staff/access-token").atPriority(1)
			.willReturn(okJson("{\"active\":false,\"allowedModels\":[],\"dataDomains\":[]}")));
		double before = samples("not-mirrored");
		this.client.get()
			.uri("/api/kb/search?q=battery")
			.header(HttpHeaders.AUTHORIZATION, basic("mallory"))
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(10)).until(() -> samples("not-mirrored") > before);
		llm.verify(0, anyRequestedFor(anyUrl()));
	}

	private WebTestClient.ResponseSpec search(String uri) {
		return this.client.get()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, basic("ada"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Served-By", "legacy");
	}

	private double samples(String outcome) {
		return samples("kb-search", outcome);
	}

	private double samples(String route, String outcome) {
		Counter counter = this.meters.find("banyan.migration.samples")
			.tag("route", route)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes());
	}

}
