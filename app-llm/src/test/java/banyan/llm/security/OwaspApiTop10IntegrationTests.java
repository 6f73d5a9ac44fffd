package banyan.llm.security;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import banyan.llm.GuardedServiceTests;
import banyan.llm.TestTokens;
import banyan.llm.guardrail.ToolUrlPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OWASP API Security Top 10 (2023) on app-llm's API, one test per item that applies,
 * named after it. API3 and API9 are app-legacy's (its REST resources and OpenAPI
 * document), API6 the gateway's rate limits and the budgets; docs/security.md maps every
 * item to its tests.
 */
class OwaspApiTop10IntegrationTests extends GuardedServiceTests {

	@Autowired
	ToolUrlPolicy toolUrls;

	@Test
	void api1BrokenObjectLevelAuthorization() {
		UUID conversation = UUID.randomUUID();
		client(TestTokens.bearer()).post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"local\",\"conversationId\":\"" + conversation
					+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		String other = "Bearer " + TestTokens.token("tenant-b", java.util.List.of());
		client(other).get().uri("/chat/conversations/" + conversation).exchange().expectStatus().isNotFound();
		client(other).delete().uri("/chat/conversations/" + conversation).exchange().expectStatus().isNotFound();
		client(TestTokens.bearer()).get().uri("/chat/conversations/" + conversation).exchange().expectStatus().isOk();
	}

	@Test
	void api2BrokenAuthentication() {
		String expired = TestTokens.sign(TestTokens.claims(TestTokens.TENANT)
			.issueTime(Date.from(Instant.now().minusSeconds(900)))
			.notBeforeTime(Date.from(Instant.now().minusSeconds(900)))
			.expirationTime(Date.from(Instant.now().minusSeconds(600)))
			.build(), TestTokens.SIGNING_KEY);
		String forged = TestTokens.sign(TestTokens.claims(TestTokens.TENANT).build(),
				TestTokens.generate("test-signing-key"));
		for (String bearer : new String[] { "Bearer " + expired, "Bearer " + forged, "Bearer not-a-token" }) {
			client(bearer).get()
				.uri("/v1/models")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.error.code")
				.isEqualTo("invalid_api_key");
		}
	}

	@Test
	void api4UnrestrictedResourceConsumption() {
		client(TestTokens.bearer()).post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2_000_000)
					+ "\"}]}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/payload-too-large");
		client(TestTokens.bearer()).get()
			.uri("/v1/usage?from=2000-01-01&to=2099-12-31")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void api5BrokenFunctionLevelAuthorization() {
		// A client's own token is no key to the services' internal endpoints.
		client(TestTokens.bearer()).get()
			.uri("/internal/usage?tenant=" + TestTokens.TENANT)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		client("Bearer " + INTERNAL_TOKEN).get()
			.uri("/internal/usage?tenant=" + TestTokens.TENANT)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void api7ServerSideRequestForgery() {
		for (String target : new String[] { "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/admin",
				"http://localhost:5432/", "file:///etc/passwd", "http://localhost.evil.example/" }) {
			assertThat(this.toolUrls.allows(URI.create(target))).as(target).isFalse();
		}
	}

	@Test
	void api8SecurityMisconfiguration() {
		String body = client(TestTokens.bearer()).get()
			.uri("/no/such/path")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"type\"").doesNotContain("trace").doesNotContain("Exception");
	}

	@Test
	void api10UnsafeConsumptionOfApis() {
		upstream.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody("data: {\"choices\": [ this is not json at /etc/secret/path\n\n")));
		String body = client(TestTokens.bearer()).post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("gpt", "Hi", false))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("provider_unavailable").doesNotContain("/etc/secret/path");
	}

}
