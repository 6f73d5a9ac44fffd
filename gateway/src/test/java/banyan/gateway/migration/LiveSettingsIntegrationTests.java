package banyan.gateway.migration;

import java.time.Duration;
import java.util.Base64;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
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
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Settings changed in app-legacy's control plane reach the gateway without a restart: a
 * route the gateway was not configured with is cut over to the candidate, and a rollback
 * sends everyone back to app-legacy with the next poll.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"banyan.gateway.auth.internal-token=test-internal-token", "banyan.gateway.migration.poll-interval=200ms" })
class LiveSettingsIntegrationTests {

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		legacy.start();
		llm.start();
		legacy.stubFor(
				get(urlPathEqualTo("/api/kb/search")).willReturn(okJson("{}").withHeader("X-Served-By", "legacy")));
		legacy.stubFor(post("/internal/migrations/results").willReturn(aResponse().withStatus(202)));
		legacy.stubFor(post("/internal/staff/access-token").willReturn(okJson("""
				{"active":true,"tenant":"t1","keyId":"staff:ada","allowedModels":["-"],"rateTier":"staff",
				 "dataDomains":["bikes"],"token":"staff.token"}""")));
		llm.stubFor(get(urlPathEqualTo("/api/kb/search")).willReturn(okJson("{}").withHeader("X-Served-By", "llm")));
		settings(1, 0);
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
	LiveRoutes routes;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Test
	void appliesChangedSettingsAtOnceAndRollsBackTheSameWay() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.routes.version() == 1);
		assertThat(search()).isEqualTo("legacy");

		settings(2, 100);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.routes.version() == 2);
		assertThat(search()).isEqualTo("llm");

		// The rollback switch: weight 0 in the control plane.
		settings(3, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.routes.version() == 3);
		assertThat(search()).isEqualTo("legacy");

		// app-legacy unreachable for settings: the last ones stay in force.
		var failures = this.meters.counter("banyan.migration.settings.poll.failures");
		double before = failures.count();
		legacy.stubFor(get("/internal/migrations").atPriority(1).willReturn(aResponse().withStatus(503)));
		await().atMost(Duration.ofSeconds(10)).until(() -> failures.count() > before);
		assertThat(this.routes.version()).isEqualTo(3);
		assertThat(search()).isEqualTo("legacy");
	}

	private static void settings(long version, int weight) {
		legacy.stubFor(
				get("/internal/migrations").withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer test-internal-token"))
					.willReturn(okJson("""
							{"version":%d,"routes":[{"id":"kb-search","method":"GET","path":"/api/kb/search",
							 "mirrorPercentage":0,"noisePercentage":0,"cutoverWeight":%d,"ignore":[],"unordered":[],
							 "relativeTolerance":0,"absoluteTolerance":0,"resultsPath":"results","idField":"id","k":10,
							 "state":"progressing","version":%d}]}""".formatted(version, weight, version))));
	}

	private String search() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.get()
			.uri("/api/kb/search?q=battery")
			.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes()))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Served-By");
	}

}
