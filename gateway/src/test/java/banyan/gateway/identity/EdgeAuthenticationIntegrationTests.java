package banyan.gateway.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import banyan.contracts.identity.AccessTokenClaims;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Edge authentication with WireMock playing app-legacy (introspection and JWKS) and
 * app-llm: what reaches app-llm, what the client is told, and how long an introspected
 * key is remembered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"banyan.gateway.auth.internal-token=" + EdgeAuthenticationIntegrationTests.INTERNAL,
				"banyan.gateway.auth.key-cache-ttl=1s" })
class EdgeAuthenticationIntegrationTests {

	static final String INTERNAL = "test-internal-token";

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

	static final RSAKey signingKey;

	static {
		legacy.start();
		llm.start();
		try {
			signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
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

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		legacy.resetAll();
		llm.resetAll();
		legacy.stubFor(
				get(AccessTokenClaims.JWKS_PATH).willReturn(okJson(new JWKSet(signingKey.toPublicJWK()).toString())));
		llm.stubFor(any(anyUrl()).willReturn(okJson("{\"served\":true}")));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void turnsAnApiKeyIntoItsTokenAndAsksAgainOnlyAfterTheCacheTtl() throws Exception {
		String key = "bk_" + "a".repeat(43);
		String token = token(signingKey, claims().build());
		introspectionAnswers(key, active(token));

		for (int i = 0; i < 3; i++) {
			this.client.get()
				.uri("/v1/models")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
				.exchange()
				.expectStatus()
				.isOk();
		}

		llm.verify(3, anyRequestedFor(urlEqualTo("/v1/models")).withHeader(HttpHeaders.AUTHORIZATION,
				equalTo("Bearer " + token)));
		legacy.verify(1,
				postRequestedFor(urlEqualTo("/internal/keys/introspect"))
					.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer " + INTERNAL))
					.withRequestBody(equalToJson("{\"key\":\"" + key + "\"}")));

		// Revoked in app-legacy: still accepted until the cached answer expires.
		introspectionAnswers(key, "{\"active\":false,\"allowedModels\":[],\"dataDomains\":[]}");
		Thread.sleep(1_500);
		this.client.get()
			.uri("/chat/conversations/x")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void refusesMissingCredentialsAndInactiveKeysWithTheBodyEachProtocolExpects() {
		introspectionAnswers("bk_unknown_key_0123456789", "{\"active\":false,\"allowedModels\":[],\"dataDomains\":[]}");

		this.client.post()
			.uri("/chat/stream")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/unauthorized");
		this.client.post()
			.uri("/v1/chat/completions")
			.header(HttpHeaders.AUTHORIZATION, "Bearer bk_unknown_key_0123456789")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("invalid_api_key");
		this.client.get()
			.uri("/v1/models")
			.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		llm.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void passesAValidTokenOnUnchangedAndRefusesAForgedOrExpiredOne() throws Exception {
		String valid = token(signingKey, claims().build());
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
		String forged = token(stranger, claims().build());
		String expired = token(signingKey, claims().expirationTime(Date.from(Instant.now().minusSeconds(120))).build());
		String otherAudience = token(signingKey, claims().audience("somebody-else").build());

		this.client.get()
			.uri("/v1/models")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + valid)
			.exchange()
			.expectStatus()
			.isOk();
		for (String token : List.of(forged, expired, otherAudience)) {
			this.client.get()
				.uri("/v1/models")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}

		llm.verify(1, anyRequestedFor(anyUrl()));
		llm.verify(anyRequestedFor(anyUrl()).withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer " + valid)));
		legacy.verify(0, postRequestedFor(urlEqualTo("/internal/keys/introspect")));
	}

	@Test
	void asksAgainOnceWhenTheConnectionToAppLegacyBreaksBeforeAnAnswer() throws Exception {
		String key = "bk_" + "c".repeat(43);
		legacy.stubFor(post("/internal/keys/introspect").inScenario("reset")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("answering"));
		legacy.stubFor(post("/internal/keys/introspect").inScenario("reset")
			.whenScenarioStateIs("answering")
			.willReturn(okJson(active(token(signingKey, claims().build())))));

		this.client.get()
			.uri("/v1/models")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange()
			.expectStatus()
			.isOk();
		legacy.verify(2, postRequestedFor(urlEqualTo("/internal/keys/introspect")));
	}

	@Test
	void answers503WhenTheConnectionToAppLegacyKeepsBreaking() {
		legacy.stubFor(
				post("/internal/keys/introspect").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertAnApiKeyGets503AndNothingReachesAppLlm("d");
	}

	@Test
	void answers503WhenAppLegacyCannotSay() {
		legacy.stubFor(post("/internal/keys/introspect").willReturn(aResponse().withStatus(500)));

		assertAnApiKeyGets503AndNothingReachesAppLlm("b");
	}

	private void assertAnApiKeyGets503AndNothingReachesAppLlm(String keyLetter) {
		this.client.get()
			.uri("/chat/conversations/x")
			.header(HttpHeaders.AUTHORIZATION, "Bearer bk_" + keyLetter.repeat(43))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		llm.verify(0, anyRequestedFor(anyUrl()));
	}

	private static void introspectionAnswers(String key, String answer) {
		legacy.stubFor(post("/internal/keys/introspect").withRequestBody(equalToJson("{\"key\":\"" + key + "\"}"))
			.willReturn(okJson(answer)));
	}

	private static String active(String token) {
		return "{\"active\":true,\"tenant\":\"acme\",\"keyId\":\"7\",\"allowedModels\":[],\"rateTier\":\"std\","
				+ "\"dataDomains\":[],\"token\":\"" + token + "\",\"tokenExpiresAt\":\""
				+ Instant.now().plusSeconds(300) + "\"}";
	}

	private static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(AccessTokenClaims.DEFAULT_ISSUER)
			.audience(AccessTokenClaims.AUDIENCE_LLM)
			.subject("key:7")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim(AccessTokenClaims.TENANT, "acme");
	}

	private static String token(RSAKey key, JWTClaimsSet claims) throws JOSEException {
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims);
		token.sign(new RSASSASigner(key));
		return token.serialize();
	}

}
