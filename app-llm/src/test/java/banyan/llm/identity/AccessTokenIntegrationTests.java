package banyan.llm.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * app-llm accepts only access tokens app-legacy signed, after RFC 8725 (JWT best current
 * practices): each way a token can be wrong is a 401 with a problem body and no provider
 * call; a valid token's allowed models are enforced (403).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "banyan.llm.providers.local.chunk-delay=0ms", "banyan.llm.providers.upstream.type=openai",
				"banyan.llm.models.gpt.targets[0].provider=upstream",
				"banyan.llm.models.gpt.targets[0].model=gpt-4o-mini" })
class AccessTokenIntegrationTests {

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

	WebTestClient client;

	@BeforeEach
	void setUp() {
		upstream.resetAll();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	static Stream<Arguments> badTokens() throws JOSEException {
		String tenant = TestTokens.TENANT;
		Instant now = Instant.now();
		JWTClaimsSet valid = TestTokens.claims(tenant).build();
		// HS256 with the RSA public key as the secret: the classic algorithm confusion.
		SignedJWT confused = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestTokens.SIGNING_KEY.getKeyID()).build(), valid);
		confused.sign(new MACSigner(TestTokens.SIGNING_KEY.toRSAPublicKey().getEncoded()));
		String genuine = TestTokens.sign(valid, TestTokens.SIGNING_KEY);
		String[] parts = genuine.split("\\.");
		String otherTenant = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(valid.toString().replace(tenant, "tenant-b").getBytes(StandardCharsets.UTF_8));
		return Stream
			.of(Arguments.of("alg none", new PlainJWT(new PlainHeader(), valid).serialize()),
					Arguments.of("alg none with a signature",
							new PlainJWT(new PlainHeader(), valid).serialize() + parts[2]),
					Arguments.of("algorithm confusion (HS256 keyed with the public key)", confused.serialize()),
					Arguments
						.of("wrong issuer",
								TestTokens
									.sign(TestTokens.claims(tenant).issuer("https://evil.example").build(),
											TestTokens.SIGNING_KEY)),
					Arguments
						.of("wrong audience",
								TestTokens
									.sign(TestTokens.claims(tenant).audience("banyan-legacy").build(),
											TestTokens.SIGNING_KEY)),
					Arguments.of("expired",
							TestTokens.sign(TestTokens.claims(tenant)
								.issueTime(Date.from(now.minusSeconds(900)))
								.notBeforeTime(Date.from(now.minusSeconds(900)))
								.expirationTime(Date.from(now.minusSeconds(600)))
								.build(), TestTokens.SIGNING_KEY)),
					Arguments.of("not yet valid",
							TestTokens.sign(TestTokens.claims(tenant)
								.notBeforeTime(Date.from(now.plusSeconds(600)))
								.expirationTime(Date.from(now.plusSeconds(900)))
								.build(), TestTokens.SIGNING_KEY)),
					Arguments.of("unknown kid", TestTokens.sign(valid, TestTokens.generate("nobody-published-this"))),
					Arguments.of(
							"known kid, other key",
							TestTokens.sign(valid, TestTokens.generate(TestTokens.SIGNING_KEY.getKeyID()))),
					Arguments.of("tampered payload", parts[0] + "." + otherTenant + "." + parts[2]),
					Arguments.of("no tenant claim",
							TestTokens.sign(
									new JWTClaimsSet.Builder(valid).claim(AccessTokenClaims.TENANT, null).build(),
									TestTokens.SIGNING_KEY)),
					Arguments.of("an API key instead of a token", "bk_" + "x".repeat(43)),
					Arguments.of("garbage", "not-a-token"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokens")
	void refusesABadToken(String name, String token) {
		this.client.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/unauthorized")
			.jsonPath("$.status")
			.isEqualTo(401);
		upstream.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void refusesARequestWithoutATokenOnEveryProtocol() {
		this.client.get()
			.uri("/v1/models")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("invalid_api_key");
		this.client.get()
			.uri("/chat/conversations/" + UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void enforcesTheAllowedModelsOfTheKey() {
		String onlyLocal = "Bearer " + TestTokens.token(TestTokens.TENANT, List.of("local"));

		this.client.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, onlyLocal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/model-not-allowed");
		this.client.post()
			.uri("/v1/chat/completions")
			.header(HttpHeaders.AUTHORIZATION, onlyLocal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("model_not_allowed");
		this.client.get()
			.uri("/v1/models")
			.header(HttpHeaders.AUTHORIZATION, onlyLocal)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].id")
			.isEqualTo("local");
		this.client.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, onlyLocal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isOk();
		upstream.verify(0, anyRequestedFor(anyUrl()));
	}

}
