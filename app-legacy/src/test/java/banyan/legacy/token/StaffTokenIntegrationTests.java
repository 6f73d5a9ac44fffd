package banyan.legacy.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import com.nimbusds.jwt.SignedJWT;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * The identity bridge of ADR 14: a staff member's Basic credential becomes an access
 * token for app-llm in the member's tenant; nothing else does.
 */
@SpringBootTest(properties = "banyan.security.internal-token=" + AccessTokenIntegrationTests.SERVICE_TOKEN)
@AutoConfigureMockMvc
class StaffTokenIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	@Autowired
	JsonMapper json;

	@Autowired
	banyan.legacy.user.Users users;

	@Test
	void aStaffMembersCredentialBecomesATokenForItsTenantOverAllItsDomains() throws Exception {
		TestTenant tenant = this.testTenants.create();
		for (String domain : new String[] { "billing", "bikes", "billing" }) {
			assertThat(this.mvc.post()
				.uri("/api/articles")
				.with(httpBasic(tenant.admin(), TestTenants.PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"title\":\"About " + domain + "\",\"body\":\"Text.\",\"dataDomain\":\"" + domain + "\"}"))
				.hasStatus(HttpStatus.CREATED);
		}

		JsonNode answer = bridge(basic(tenant.admin(), TestTenants.PASSWORD));

		assertThat(answer.path("active").asBoolean()).isTrue();
		assertThat(answer.path("tenant").asString()).isEqualTo(tenant.id());
		SignedJWT token = SignedJWT.parse(answer.path("token").asString());
		assertThat(token.getJWTClaimsSet().getAudience()).contains(AccessTokenClaims.AUDIENCE_LLM);
		assertThat(token.getJWTClaimsSet().getStringClaim(AccessTokenClaims.TENANT)).isEqualTo(tenant.id());
		assertThat(token.getJWTClaimsSet().getStringClaim(AccessTokenClaims.KEY_ID))
			.isEqualTo("staff:" + tenant.admin());
		assertThat(token.getJWTClaimsSet().getStringListClaim(AccessTokenClaims.DATA_DOMAINS)).containsExactly("bikes",
				"billing");
		// No chat model: the token is for the back office's endpoints only.
		assertThat(token.getJWTClaimsSet().getStringListClaim(AccessTokenClaims.MODELS)).containsExactly("-");
	}

	@Test
	void anythingThatDoesNotAuthenticateIsInactiveWithoutSayingWhy() {
		TestTenant tenant = this.testTenants.create();
		for (String credential : new String[] { basic(tenant.admin(), "wrong password"), basic("nobody", "x"),
				"Basic not-base64!", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()), "Bearer abc",
				"", "Basic " + "A".repeat(2000) }) {
			JsonNode answer = bridge(credential);
			assertThat(answer.path("active").asBoolean()).isFalse();
			assertThat(answer.has("tenant")).isFalse();
			assertThat(answer.has("token")).isFalse();
		}
	}

	@Test
	void aCredentialCheckedLatelyStopsWorkingOnceThePasswordChangesOrTheAccountIsDisabled() {
		TestTenant tenant = this.testTenants.create();
		long agent = this.users.findByUsername(tenant.agent()).orElseThrow().id();
		String credential = basic(tenant.agent(), TestTenants.PASSWORD);
		// Checked once, then remembered.
		assertThat(bridge(credential).path("active").asBoolean()).isTrue();
		assertThat(bridge(credential).path("active").asBoolean()).isTrue();

		assertThat(changeUser(tenant, agent, "{\"password\":\"a brand new password\"}")).hasStatusOk();
		assertThat(bridge(credential).path("active").asBoolean()).isFalse();
		String renewed = basic(tenant.agent(), "a brand new password");
		assertThat(bridge(renewed).path("active").asBoolean()).isTrue();
		assertThat(bridge(renewed).path("active").asBoolean()).isTrue();

		assertThat(changeUser(tenant, agent, "{\"enabled\":false}")).hasStatusOk();
		assertThat(bridge(renewed).path("active").asBoolean()).isFalse();
	}

	private MvcTestResult changeUser(TestTenant tenant, long id, String change) {
		return this.mvc.patch()
			.uri("/api/users/" + id)
			.with(httpBasic(tenant.admin(), TestTenants.PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content(change)
			.exchange();
	}

	@Test
	void onlyTheServiceMayAsk() {
		TestTenant tenant = this.testTenants.create();
		String body = "{\"authorization\":\"" + basic(tenant.admin(), TestTenants.PASSWORD) + "\"}";
		assertThat(this.mvc.post()
			.uri("/internal/staff/access-token")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.post()
			.uri("/internal/staff/access-token")
			.with(httpBasic(tenant.agent(), TestTenants.PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).hasStatus(HttpStatus.FORBIDDEN);
	}

	private JsonNode bridge(String authorization) {
		MvcTestResult result = this.mvc.post()
			.uri("/internal/staff/access-token")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + AccessTokenIntegrationTests.SERVICE_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(this.json.writeValueAsString(java.util.Map.of("authorization", authorization)))
			.exchange();
		assertThat(result).hasStatusOk();
		try {
			return this.json.readTree(result.getResponse().getContentAsString());
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
