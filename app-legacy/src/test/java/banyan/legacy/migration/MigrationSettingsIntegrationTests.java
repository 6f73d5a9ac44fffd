package banyan.legacy.migration;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
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
 * The control plane's migration settings: versioned, optimistically locked, audited,
 * rolled back with one call, and polled by the gateway (ADR 14).
 */
@SpringBootTest(properties = "banyan.security.internal-token=" + MigrationSettingsIntegrationTests.SERVICE_TOKEN)
@AutoConfigureMockMvc
class MigrationSettingsIntegrationTests {

	static final String SERVICE_TOKEN = "migration-settings-token-0123456789";

	static final String SEARCH = """
			{"method":"GET","path":"/api/kb/search","mirrorPercentage":100,"noisePercentage":5,
			 "cutoverWeight":%d,"ignore":["results[*].snippet"],"resultsPath":"results","state":"progressing"}""";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	TestTenants tenants;

	@Test
	void versionsEveryChangeRefusesStaleWritesAuditsAndRollsBack() {
		TestTenant tenant = this.tenants.create();
		RequestPostProcessor admin = httpBasic(tenant.admin(), TestTenants.PASSWORD);

		MvcTestResult created = put("versioned", SEARCH.formatted(5), null, admin);
		assertThat(created).hasStatusOk();
		String etag = created.getResponse().getHeader(HttpHeaders.ETAG);
		JsonNode settings = read(created);
		assertThat(settings.path("cutoverWeight").asInt()).isEqualTo(5);
		assertThat(settings.path("ignore").path(0).asString()).isEqualTo("results[*].snippet");
		assertThat(settings.path("k").asInt()).isEqualTo(10);

		MvcTestResult raised = put("versioned", SEARCH.formatted(25), etag, admin);
		assertThat(raised).hasStatusOk();
		assertThat(read(raised).path("version").asLong()).isGreaterThan(settings.path("version").asLong());
		// A change based on the first version is stale now.
		assertThat(put("versioned", SEARCH.formatted(50), etag, admin)).hasStatus(HttpStatus.PRECONDITION_FAILED);

		MvcTestResult rolledBack = this.mvc.post().uri("/api/migrations/versioned/rollback").with(admin).exchange();
		assertThat(rolledBack).hasStatusOk();
		assertThat(read(rolledBack).path("cutoverWeight").asInt()).isZero();
		assertThat(read(rolledBack).path("state").asString()).isEqualTo("rolled-back");

		JsonNode audit = read(this.mvc.get().uri("/api/migrations/versioned/audit").with(admin).exchange());
		assertThat(audit).hasSize(3);
		assertThat(audit.path(0).path("actor").asString()).isEqualTo(tenant.admin());
		assertThat(audit.path(2).has("before")).isTrue();

		// What the gateway polls: every route and the newest version.
		JsonNode snapshot = read(this.mvc.get()
			.uri("/internal/migrations")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN)
			.exchange());
		assertThat(snapshot.path("version").asLong()).isEqualTo(read(rolledBack).path("version").asLong());
		assertThat(snapshot.path("routes").toString()).contains("\"id\":\"versioned\"");
	}

	@Test
	void validatesSettingsAndKeepsThemForAdministrators() {
		TestTenant tenant = this.tenants.create();
		RequestPostProcessor admin = httpBasic(tenant.admin(), TestTenants.PASSWORD);
		for (String bad : new String[] { SEARCH.formatted(101), SEARCH.formatted(-1),
				SEARCH.formatted(5).replace("\"GET\"", "\"POST\""),
				SEARCH.formatted(5).replace("/api/kb/search", "/internal/keys"),
				SEARCH.formatted(5).replace("progressing", "sideways"), "{\"method\":" }) {
			assertThat(put("invalid", bad, null, admin)).hasStatus(HttpStatus.BAD_REQUEST);
		}
		assertThat(put("Bad_Id", SEARCH.formatted(5), null, admin)).hasStatus(HttpStatus.BAD_REQUEST);
		// A method that may change data is mirrored only with the opt-in.
		String post = SEARCH.formatted(5).replace("\"GET\"", "\"POST\"");
		assertThat(put("unsafe", post, null, admin)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("mirrorUnsafeMethods");
		assertThat(put("unsafe", post.replace("{", "{\"mirrorUnsafeMethods\":true,"), null, admin)).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/migrations/absent").with(admin)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(put("agents", SEARCH.formatted(5), null, httpBasic(tenant.agent(), TestTenants.PASSWORD)))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/internal/migrations")).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	private MvcTestResult put(String id, String body, String ifMatch, RequestPostProcessor who) {
		var request = this.mvc.put()
			.uri("/api/migrations/" + id)
			.with(who)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		if (ifMatch != null) {
			request = request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return request.exchange();
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
