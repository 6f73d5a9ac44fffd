package banyan.legacy.token;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.legacy.TestTenants.TestTenant;
import banyan.legacy.TestTenants;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * Access tokens: issued with introspection, verifiable with the published JWKS, accepted
 * by app-legacy's ticket API for the key's tenant only, and still valid across a rotation
 * of the signing key.
 */
@SpringBootTest(properties = "banyan.security.internal-token=" + AccessTokenIntegrationTests.SERVICE_TOKEN)
@AutoConfigureMockMvc
class AccessTokenIntegrationTests {

	static final String SERVICE_TOKEN = "test-service-token-0123456789";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	@Autowired
	JsonMapper json;

	TestTenant tenant;

	RequestPostProcessor admin;

	@BeforeEach
	void signIn() {
		this.tenant = this.testTenants.create();
		this.admin = httpBasic(this.tenant.admin(), TestTenants.PASSWORD);
	}

	@Test
	void introspectionCarriesATokenSignedByAPublishedKey() throws Exception {
		String key = issueKey(this.tenant, this.admin);

		JsonNode claims = introspect(key);
		SignedJWT token = SignedJWT.parse(claims.path("token").asString());

		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		RSAKey publicKey = jwks().getKeyByKeyId(token.getHeader().getKeyID()).toRSAKey();
		assertThat(publicKey.isPrivate()).isFalse();
		assertThat(token.verify(new RSASSAVerifier(publicKey))).isTrue();
		JWTClaimsSet body = token.getJWTClaimsSet();
		assertThat(body.getIssuer()).isEqualTo(AccessTokenClaims.DEFAULT_ISSUER);
		assertThat(body.getAudience()).contains(AccessTokenClaims.AUDIENCE_LLM);
		assertThat(body.getStringClaim(AccessTokenClaims.TENANT)).isEqualTo(this.tenant.id());
		assertThat(body.getStringClaim(AccessTokenClaims.KEY_ID)).isEqualTo(claims.path("keyId").asString());
		assertThat(body.getStringListClaim(AccessTokenClaims.MODELS)).containsExactly("local");
		assertThat(body.getStringClaim(AccessTokenClaims.RATE_TIER)).isEqualTo("gold");
		assertThat(body.getStringListClaim(AccessTokenClaims.DATA_DOMAINS)).containsExactly("billing");
		assertThat(body.getExpirationTime()).isBetween(Date.from(Instant.now().plusSeconds(240)),
				Date.from(Instant.now().plusSeconds(310)));
		assertThat(Instant.parse(claims.path("tokenExpiresAt").asString()))
			.isEqualTo(body.getExpirationTime().toInstant());
	}

	@Test
	void aTokenReadsItsOwnTenantsTicketsOnly() {
		long ticket = openTicket(this.tenant, this.admin);
		TestTenant other = this.testTenants.create();
		long othersTicket = openTicket(other, httpBasic(other.admin(), TestTenants.PASSWORD));
		String token = introspect(issueKey(this.tenant, this.admin)).path("token").asString();

		MvcTestResult own = this.mvc.get()
			.uri("/api/tickets/" + ticket)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
		assertThat(own).hasStatusOk();
		assertThat(own).bodyJson().extractingPath("$.status").isEqualTo("OPEN");
		assertThat(
				this.mvc.get().uri("/api/tickets/" + othersTicket).header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.hasStatus(HttpStatus.NOT_FOUND);
		// Reading one ticket is all a token may do.
		assertThat(this.mvc.get().uri("/api/tickets").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.put()
			.uri("/api/tickets/" + ticket + "/status")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"CLOSED\"}")).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/api/tenants").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void refusesTokensItDidNotSignOrThatExpired() throws Exception {
		long ticket = openTicket(this.tenant, this.admin);
		SignedJWT genuine = SignedJWT.parse(introspect(issueKey(this.tenant, this.admin)).path("token").asString());
		RSAKey stranger = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
		JWTClaimsSet expired = new JWTClaimsSet.Builder(genuine.getJWTClaimsSet())
			.expirationTime(Date.from(Instant.now().minusSeconds(600)))
			.build();

		for (String token : List.of(sign(genuine.getJWTClaimsSet(), stranger), sign(expired, stranger), "a.b.c")) {
			MvcTestResult result = this.mvc.get()
				.uri("/api/tickets/" + ticket)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange();
			assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void rotationKeepsEarlierTokensValidAndSignsWithTheNewKey() throws Exception {
		long ticket = openTicket(this.tenant, this.admin);
		String key = issueKey(this.tenant, this.admin);
		SignedJWT before = SignedJWT.parse(introspect(key).path("token").asString());

		MvcTestResult rotation = this.mvc.post().uri("/api/signing-keys/rotate").with(this.admin).exchange();
		assertThat(rotation).hasStatusOk();
		String newKid = this.json.readTree(rotation.getResponse().getContentAsString()).path("kid").asString();
		SignedJWT after = SignedJWT.parse(introspect(key).path("token").asString());

		assertThat(after.getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(before.getHeader().getKeyID());
		JWKSet published = jwks();
		assertThat(published.getKeyByKeyId(before.getHeader().getKeyID())).isNotNull();
		assertThat(published.getKeyByKeyId(newKid)).isNotNull();
		for (SignedJWT token : List.of(before, after)) {
			assertThat(this.mvc.get()
				.uri("/api/tickets/" + ticket)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token.serialize())).hasStatusOk();
		}
		assertThat(this.mvc.post()
			.uri("/api/signing-keys/rotate")
			.with(httpBasic(this.tenant.agent(), TestTenants.PASSWORD))).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void theJwksIsPublicAndHoldsNoPrivatePart() throws Exception {
		MvcTestResult result = this.mvc.get().uri(AccessTokenClaims.JWKS_PATH).exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyText().doesNotContain("\"d\"").doesNotContain("\"p\"");
		assertThat(JWKSet.parse(result.getResponse().getContentAsString()).getKeys()).isNotEmpty();
	}

	private JWKSet jwks() throws Exception {
		return JWKSet
			.parse(this.mvc.get().uri(AccessTokenClaims.JWKS_PATH).exchange().getResponse().getContentAsString());
	}

	private static String sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims);
		token.sign(new RSASSASigner(key));
		return token.serialize();
	}

	private String issueKey(TestTenant tenant, RequestPostProcessor admin) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/tenants/" + tenant.id() + "/keys")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"name\":\"t\",\"allowedModels\":[\"local\"],\"rateTier\":\"gold\",\"dataDomains\":[\"billing\"]}")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return read(result).path("key").asString();
	}

	private JsonNode introspect(String key) {
		MvcTestResult result = this.mvc.post()
			.uri("/internal/keys/introspect")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"key\":\"" + key + "\"}")
			.exchange();
		assertThat(result).hasStatusOk();
		return read(result);
	}

	private long openTicket(TestTenant tenant, RequestPostProcessor admin) {
		MvcTestResult customer = this.mvc.post()
			.uri("/api/customers")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Ada\",\"email\":\"ada@example.com\"}")
			.exchange();
		MvcTestResult ticket = this.mvc.post()
			.uri("/api/tickets")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":" + read(customer).path("id").asLong()
					+ ",\"subject\":\"Parcel damaged\",\"description\":\"The box was crushed.\"}")
			.exchange();
		assertThat(ticket).hasStatus(HttpStatus.CREATED);
		return read(ticket).path("id").asLong();
	}

	private JsonNode read(MvcTestResult result) {
		try {
			return this.json.readTree(result.getResponse().getContentAsString());
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
