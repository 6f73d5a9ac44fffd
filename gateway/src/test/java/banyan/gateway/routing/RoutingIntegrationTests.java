package banyan.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway routes, with WireMock standing in for app-legacy and app-llm.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s", "management.server.port=0",
				"banyan.gateway.auth.internal-token=test-internal-token" })
class RoutingIntegrationTests {

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	/**
	 * On a fixed port, so that it can be stopped and started again at the same address.
	 */
	static final WireMockServer llm = new WireMockServer(wireMockConfig().port(freePort()));

	static {
		legacy.start();
		llm.start();
	}

	@DynamicPropertySource
	static void targets(DynamicPropertyRegistry registry) {
		registry.add("banyan.gateway.legacy-uri", legacy::baseUrl);
		registry.add("banyan.gateway.llm-uri", llm::baseUrl);
	}

	@AfterAll
	static void stopTargets() {
		legacy.stop();
		llm.stop();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		legacy.resetAll();
		llm.resetAll();
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("X-Served-By", "legacy").withBody("legacy")));
		legacy.stubFor(post("/internal/keys/introspect").willReturn(
				okJson("{\"active\":true,\"tenant\":\"t\",\"keyId\":\"1\",\"allowedModels\":[],\"rateTier\":\"std\","
						+ "\"dataDomains\":[],\"token\":\"signed.access.token\",\"tokenExpiresAt\":\""
						+ Instant.now().plusSeconds(300) + "\"}")));
		llm.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("X-Served-By", "llm").withBody("llm")));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer bk_routing_test_key_0123456789")
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@ParameterizedTest
	@CsvSource({ "/v1/models, llm", "/v1/chat/completions, llm", "/chat/stream, llm", "/rag/query, llm",
			"/api/articles, legacy", "/api/articles/7, legacy", "/, legacy", "/v1beta, legacy", "/chatroom, legacy",
			"/internalised, legacy" })
	void routesEachPathToItsApplication(String path, String application) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Served-By", application);
	}

	@ParameterizedTest
	@CsvSource({ "/internal/keys/introspect", "/internal/feed/articles", "/internal" })
	void neverRoutesToInternalEndpoints(String path) {
		this.client.post()
			.uri(path)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/not-found");
		legacy.verify(0, com.github.tomakehurst.wiremock.client.WireMock
			.anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/internal.*")));
	}

	@Test
	void passesLegacyRequestsThroughUnchangedWithForwardedHeaders() {
		this.client.get()
			.uri("/api/articles?page=2&size=5")
			.header("X-Custom", "kept")
			.exchange()
			.expectStatus()
			.isOk();

		legacy.verify(getRequestedFor(urlEqualTo("/api/articles?page=2&size=5")).withHeader("X-Custom", equalTo("kept"))
			.withHeader("X-Forwarded-Host", equalTo("localhost:" + this.port))
			.withHeader("X-Forwarded-Proto", equalTo("http"))
			// X-Forwarded-* only: the applications read those, not RFC 7239's Forwarded.
			.withoutHeader("Forwarded"));
	}

	@Test
	void answersAnApplicationThatIsDownWithAProblemOrOnV1AnOpenAiError() {
		llm.stop();
		try {
			this.client.get()
				.uri("/rag/search?q=password")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://banyan.dev/problems/upstream-unavailable")
				.jsonPath("$.instance")
				.isEqualTo("/rag/search");
			this.client.get()
				.uri("/v1/models")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody()
				.jsonPath("$.error.type")
				.isEqualTo("api_error")
				.jsonPath("$.error.code")
				.isEqualTo("upstream_unavailable")
				.jsonPath("$.error.message")
				.value((message) -> assertThat(message).asString().contains("/v1/models"));
		}
		finally {
			llm.start();
		}
	}

	@Test
	void answersAnApplicationTooSlowToRespondWithAProblem() {
		legacy.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(3_000).withBody("late")));

		this.client.get()
			.uri("/slow")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/upstream-timeout");
	}

}
