package banyan.gateway.migration;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cutover at 25 %: about a quarter of tenants are answered by the candidate, each tenant
 * always the same way, with the bridge's token instead of the member's credential.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "banyan.gateway.auth.internal-token=test-internal-token",
				"banyan.gateway.migration.routes.kb-search.path=/api/kb/search",
				"banyan.gateway.migration.routes.kb-search.mirror-percentage=100",
				"banyan.gateway.migration.routes.kb-search.cutover-weight=25" })
class CutoverIntegrationTests {

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

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
	Mirroring mirroring;

	@Autowired
	MirrorResults results;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		legacy.resetAll();
		llm.resetAll();
		legacy.stubFor(
				get(urlPathEqualTo("/api/kb/search")).willReturn(okJson("{}").withHeader("X-Served-By", "legacy")));
		legacy.stubFor(post("/internal/migrations/results").willReturn(aResponse().withStatus(202)));
		// Every member is in a tenant of its own: the tenant is the member's name.
		legacy.stubFor(post("/internal/staff/access-token").willReturn(okJson("""
				{"active":true,"tenant":"{{jsonPath request.body '$.authorization'}}","keyId":"staff:x",
				 "allowedModels":["-"],"rateTier":"staff","dataDomains":["bikes"],"token":"staff.token"}""")
			.withTransformers("response-template")));
		llm.stubFor(get(urlPathEqualTo("/api/kb/search"))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer staff.token"))
			.willReturn(okJson("{}").withHeader("X-Served-By", "llm")));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** Every result of a test is in before the next test resets the journal. */
	@AfterEach
	void drain() {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.mirroring.inFlight() == 0);
		this.results.flush().block(Duration.ofSeconds(10));
	}

	@Test
	void sendsAboutAQuarterOfTenantsToTheCandidateEachAlwaysTheSameWay() {
		Map<String, String> servedBy = new HashMap<>();
		for (int i = 0; i < 200; i++) {
			servedBy.put("member-" + i, search("member-" + i));
		}
		long candidate = servedBy.values().stream().filter("llm"::equals).count();
		assertThat(candidate).isBetween(30L, 70L);
		// The others were mirrored to it; a cut-over request is not mirrored as well: one
		// candidate call per request.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> llm.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/kb/search")).build())
				.getCount() >= 200);
		assertThat(llm.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/kb/search")).build()).getCount())
			.isEqualTo(200);
		// Sticky: every tenant again, the same way.
		servedBy.forEach((member, first) -> assertThat(search(member)).isEqualTo(first));
		// The candidate never saw a member's own credential.
		llm.verify(0, anyRequestedFor(anyUrl()).withHeader(HttpHeaders.AUTHORIZATION,
				com.github.tomakehurst.wiremock.client.WireMock.containing("Basic")));
	}

	@Test
	void reportsWhatTheCandidateServedSoTheGateJudgesTheRealTraffic() {
		for (int i = 0; i < 40; i++) {
			search("member-" + i);
		}
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(legacy
				.findAll(postRequestedFor(urlPathEqualTo("/internal/migrations/results"))
					.withRequestBody(containing("\"served\"")))
				.stream()
				.mapToInt((request) -> request.getBodyAsString().split("\"served\"", -1).length - 1)
				.sum()).isEqualTo(cutOver(40)));
	}

	@Test
	void aCandidateThatCannotBeReachedLeavesTheRequestToAppLegacy() {
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).atPriority(1)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		for (int i = 0; i < 40; i++) {
			// 200 from app-legacy for every member, the cut-over ones included.
			assertThat(search("member-" + i)).isEqualTo("legacy");
		}
		// Each cut-over request tried the candidate once, then app-legacy with the
		// member's
		// own credential; the fallback was not mirrored as well.
		int cutOver = cutOver(40);
		assertThat(cutOver).isPositive();
		assertThat(legacy
			.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/kb/search"))
				.withHeader(HttpHeaders.AUTHORIZATION, containing("Basic"))
				.build())
			.getCount()).isEqualTo(40);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> llm.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/kb/search")).build())
				.getCount() >= 40);
		assertThat(llm.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/kb/search")).build()).getCount())
			.isEqualTo(40);
		// The candidate's failures are reported: the gate rolls back on them.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(legacy.findAll(postRequestedFor(urlPathEqualTo("/internal/migrations/results")))
						.stream()
						.mapToInt((request) -> request.getBodyAsString().split("candidate-failed", -1).length - 1)
						.sum()).isEqualTo(40));
	}

	@Test
	void whatTheBridgeDoesNotKnowStaysWithAppLegacy() {
		legacy.stubFor(post("/internal/staff/access-token").atPriority(1)
			.willReturn(okJson("{\"active\":false,\"allowedModels\":[],\"dataDomains\":[]}")));
		for (int i = 0; i < 20; i++) {
			assertThat(search("stranger-" + i)).isEqualTo("legacy");
		}
		this.client.get()
			.uri("/api/kb/search?q=x")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Served-By", "legacy");
		llm.verify(0, anyRequestedFor(urlPathEqualTo("/api/kb/search")));
	}

	/** How many of the first {@code members} members' tenants are cut over at 25 %. */
	private static int cutOver(int members) {
		int count = 0;
		for (int i = 0; i < members; i++) {
			if (MirrorSampling.bucket("kb-search\nBasic " + base64("member-" + i + ":secret"), 100) < 25) {
				count++;
			}
		}
		return count;
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes());
	}

	private String search(String member) {
		return this.client.get()
			.uri("/api/kb/search?q=battery")
			.header(HttpHeaders.AUTHORIZATION,
					"Basic " + Base64.getEncoder().encodeToString((member + ":secret").getBytes()))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Served-By");
	}

}
