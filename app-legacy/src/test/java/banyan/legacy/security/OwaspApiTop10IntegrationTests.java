package banyan.legacy.security;

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
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * The OWASP API Security Top 10 (2023) on the back office's REST API, one test per item
 * that applies, named after it. API6 (business flows) and API7 (SSRF) have no surface
 * here: app-legacy makes no outgoing calls on a client's behalf but the one to app-llm's
 * usage, at a configured address. docs/security.md maps every item to its tests.
 */
@SpringBootTest(properties = "banyan.security.internal-token=test-service-token-0123456789")
@AutoConfigureMockMvc
class OwaspApiTop10IntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	@Autowired
	JsonMapper json;

	TestTenant tenant;

	RequestPostProcessor agent;

	RequestPostProcessor admin;

	@BeforeEach
	void signIn() {
		this.tenant = this.testTenants.create();
		this.agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
		this.admin = httpBasic(this.tenant.admin(), TestTenants.PASSWORD);
	}

	@Test
	void api1BrokenObjectLevelAuthorization() {
		long customer = id(post(this.agent, "/api/customers", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"));
		long ticket = id(post(this.agent, "/api/tickets",
				"{\"customerId\":" + customer + ",\"subject\":\"Parcel\",\"description\":\"Crushed.\"}"));
		RequestPostProcessor stranger = httpBasic(this.testTenants.create().agent(), TestTenants.PASSWORD);

		assertThat(this.mvc.get().uri("/api/tickets/" + ticket).with(stranger)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.put()
			.uri("/api/tickets/" + ticket + "/status")
			.with(stranger)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"RESOLVED\"}")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/api/tickets/" + ticket).with(this.agent)).hasStatusOk();
	}

	@Test
	void api2BrokenAuthentication() {
		assertThat(this.mvc.get().uri("/api/tickets").with(httpBasic(this.tenant.agent(), "wrong password")))
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.get().uri("/api/tickets")).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void api3BrokenObjectPropertyLevelAuthorization() throws Exception {
		MvcTestResult issued = post(this.admin, "/api/tenants/" + this.tenant.id() + "/keys",
				"{\"name\":\"ci\",\"allowedModels\":[],\"rateTier\":\"standard\",\"dataDomains\":[]}");
		String key = this.json.readTree(issued.getResponse().getContentAsByteArray()).path("key").asString();
		assertThat(key).startsWith("bk_");
		// Listed, a key shows its prefix, never itself or its hash.
		String listed = this.mvc.get()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.admin)
			.exchange()
			.getResponse()
			.getContentAsString();
		assertThat(listed).doesNotContain(key).doesNotContainIgnoringCase("hash");
		// A client cannot write properties it does not own: the id stays.
		assertThat(this.mvc.put()
			.uri("/api/tenants/" + this.tenant.id())
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"id\":\"someone-else\",\"name\":\"Renamed\",\"createdAt\":\"2000-01-01T00:00:00Z\"}"))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.id")
			.isEqualTo(this.tenant.id());
	}

	@Test
	void api4UnrestrictedResourceConsumption() {
		assertThat(this.mvc.get().uri("/api/kb/search?q=invoice&size=100000").with(this.agent))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.get().uri("/api/tickets?size=100000").with(this.agent)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("size must be between 1 and 100.");
		assertThat(this.mvc.get().uri("/api/tickets?size=100").with(this.agent)).hasStatusOk();
	}

	@Test
	void api4ARefusedRequestOpensNoSession() {
		// Each session is held in memory for its lifetime: a flood of refused requests
		// must not fill the heap with them.
		for (MvcTestResult refused : new MvcTestResult[] { this.mvc.get().uri("/api/articles/1").exchange(),
				this.mvc.get().uri("/api/tickets").with(httpBasic(this.tenant.agent(), "wrong password")).exchange(),
				this.mvc.get().uri("/api/tickets").header("Authorization", "Bearer not.a.token").exchange(),
				this.mvc.post()
					.uri("/internal/keys/introspect")
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"key\":\"bk_guess\"}")
					.exchange() }) {
			assertThat(refused).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getMvcResult().getRequest().getSession(false)).isNull();
			assertThat(refused).doesNotContainHeader("Set-Cookie");
		}
	}

	@Test
	void api5BrokenFunctionLevelAuthorization() {
		for (String path : new String[] { "/api/tenants", "/api/users", "/internal/feed/articles" }) {
			assertThat(this.mvc.get().uri(path).with(this.agent)).as(path).hasStatus(HttpStatus.FORBIDDEN);
		}
		assertThat(this.mvc.post()
			.uri("/internal/keys/introspect")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"key\":\"bk_guess\"}")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.post().uri("/api/signing-keys/rotate").with(this.agent)).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void api8SecurityMisconfiguration() {
		MvcTestResult malformed = this.mvc.post()
			.uri("/api/customers")
			.with(this.agent)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": [broken")
			.exchange();
		assertThat(malformed).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(malformed).bodyText().doesNotContain("Exception").doesNotContain("at banyan.");
		assertThat(this.mvc.get().uri("/api/tickets").with(this.agent)).headers()
			.hasValue("X-Content-Type-Options", "nosniff")
			.containsHeader("X-Frame-Options");
	}

	@Test
	void api9ImproperInventoryManagement() throws Exception {
		JsonNode api = this.json
			.readTree(this.mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsByteArray());
		// Every endpoint is on the inventory, the internal ones (which the gateway never
		// routes) included.
		assertThat(api.path("paths").propertyNames()).contains("/api/kb/search", "/api/tickets", "/api/tenants",
				"/api/tenants/{tenantId}/keys", "/api/articles", "/internal/keys/introspect",
				"/internal/feed/articles");
	}

	private MvcTestResult post(RequestPostProcessor who, String path, String body) {
		return this.mvc.post().uri(path).with(who).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private long id(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.CREATED);
		try {
			return this.json.readTree(result.getResponse().getContentAsByteArray()).path("id").asLong();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
