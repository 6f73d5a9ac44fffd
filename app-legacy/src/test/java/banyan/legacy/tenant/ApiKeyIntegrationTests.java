package banyan.legacy.tenant;

import java.time.Instant;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

@SpringBootTest(properties = "banyan.security.internal-token=test-service-token-0123456789")
@AutoConfigureMockMvc
class ApiKeyIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	@Autowired
	JdbcClient jdbc;

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
	void showsAKeyOnceAndStoresOnlyItsHash() {
		JsonNode issued = issue(
				"{\"name\":\"web app\",\"allowedModels\":[\"local\"],\"rateTier\":\"gold\",\"dataDomains\":[\"billing\"]}");
		String key = issued.path("key").asString();

		assertThat(key).startsWith("bk_").hasSize(46);
		assertThat(issued.path("details").path("prefix").asString()).isEqualTo(key.substring(0, 11));
		MvcTestResult list = this.mvc.get()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.admin)
			.exchange();
		assertThat(list).hasStatusOk();
		assertThat(list).bodyText().doesNotContain(key);
		assertThat(this.jdbc.sql("select count(*) from api_keys where secret_hash = ? or prefix = ?")
			.params(ApiKey.hash(key), key.substring(0, 11))
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from api_keys where secret_hash like ? or name like ?")
			.params("%" + key + "%", "%" + key + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void introspectsAnActiveKeyIntoItsClaims() {
		String key = issue(
				"{\"name\":\"ci\",\"allowedModels\":[\"local\",\"gpt\"],\"rateTier\":\"gold\",\"dataDomains\":[\"billing\"]}")
			.path("key")
			.asString();

		JsonNode claims = introspect(key);

		assertThat(claims.path("active").asBoolean()).isTrue();
		assertThat(claims.path("tenant").asString()).isEqualTo(this.tenant.id());
		assertThat(claims.path("allowedModels").toString()).isEqualTo("[\"local\",\"gpt\"]");
		assertThat(claims.path("rateTier").asString()).isEqualTo("gold");
		assertThat(claims.path("dataDomains").toString()).isEqualTo("[\"billing\"]");
	}

	@Test
	void answersInactiveForUnknownRevokedAndExpiredKeysAlike() {
		JsonNode issued = issue("{\"name\":\"old\",\"allowedModels\":[],\"rateTier\":\"std\",\"dataDomains\":[]}");
		String key = issued.path("key").asString();
		long id = issued.path("details").path("id").asLong();

		assertThat(this.mvc.post().uri("/api/tenants/" + this.tenant.id() + "/keys/" + id + "/revoke").with(this.admin))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.active")
			.isEqualTo(false);

		assertThat(introspect(key).toString()).isEqualTo("{\"active\":false,\"allowedModels\":[],\"dataDomains\":[]}");
		assertThat(introspect("bk_" + "x".repeat(43)).toString()).isEqualTo(introspect(key).toString());
		assertThat(introspect("").path("active").asBoolean()).isFalse();
	}

	@Test
	void refusesAnExpiryInThePast() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"x\",\"allowedModels\":[],\"rateTier\":\"std\",\"dataDomains\":[],\"expiresAt\":\""
					+ Instant.now().minusSeconds(60) + "\"}")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void rotationKeepsTheOldKeyWorkingForTheGracePeriodOnly() {
		JsonNode first = issue(
				"{\"name\":\"svc\",\"allowedModels\":[],\"rateTier\":\"std\",\"dataDomains\":[\"general\"]}");
		String oldKey = first.path("key").asString();
		long id = first.path("details").path("id").asLong();

		MvcTestResult rotated = this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys/" + id + "/rotate")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"graceSeconds\":3600}")
			.exchange();
		assertThat(rotated).hasStatus(HttpStatus.CREATED);
		String newKey = this.json.readTree(rotated.getResponse().getContentAsByteArray()).path("key").asString();

		assertThat(newKey).isNotEqualTo(oldKey);
		assertThat(introspect(newKey).path("active").asBoolean()).isTrue();
		assertThat(introspect(newKey).path("dataDomains").toString()).isEqualTo("[\"general\"]");
		JsonNode old = introspect(oldKey);
		assertThat(old.path("active").asBoolean()).isTrue();
		assertThat(Instant.parse(old.path("expiresAt").asString())).isBetween(Instant.now().plusSeconds(3500),
				Instant.now().plusSeconds(3700));

		this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys/" + id + "/rotate")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"graceSeconds\":0}")
			.exchange();
		assertThat(introspect(oldKey).path("active").asBoolean()).isFalse();
	}

	private JsonNode issue(String body) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return this.json.readTree(result.getResponse().getContentAsByteArray());
	}

	private JsonNode introspect(String key) {
		MvcTestResult result = this.mvc.post()
			.uri("/internal/keys/introspect")
			.header("Authorization", "Bearer test-service-token-0123456789")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"key\":\"" + key + "\"}")
			.exchange();
		assertThat(result).hasStatusOk();
		return this.json.readTree(result.getResponse().getContentAsByteArray());
	}

}
