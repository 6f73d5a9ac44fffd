package banyan.legacy.security;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * Who may call what: agents work in their tenant, only admins manage, the gateway's token
 * opens only the internal endpoints.
 */
@SpringBootTest(properties = "banyan.security.internal-token=test-service-token-0123456789")
@AutoConfigureMockMvc
class RoleRulesIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	TestTenant tenant;

	RequestPostProcessor agent;

	RequestPostProcessor admin;

	@BeforeEach
	void signIn() {
		this.tenant = this.testTenants.create();
		this.agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
		this.admin = httpBasic(this.tenant.admin(), TestTenants.PASSWORD);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/tenants", "/api/users", "/internal/feed/articles", "/actuator/metrics" })
	void refusesAnAgentWhatOnlyAdminsMayDo(String path) {
		assertThat(this.mvc.get().uri(path).with(this.agent)).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri(path).with(this.admin)).hasStatusOk();
	}

	@Test
	void refusesAnAgentManagingKeysAndUsersWithAForbiddenProblem() {
		assertThat(this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.agent)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"x\",\"allowedModels\":[],\"rateTier\":\"std\",\"dataDomains\":[]}"))
			.hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://banyan.dev/problems/forbidden");
		assertThat(this.mvc.post()
			.uri("/api/users")
			.with(this.agent)
			.contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"username\":\"mallory\",\"password\":\"long enough password\",\"role\":\"ADMIN\",\"tenantId\":\""
							+ this.tenant.id() + "\"}"))
			.hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void letsAnAdminEnrolAnAgentWhoCanThenSignIn() {
		assertThat(this.mvc.post()
			.uri("/api/users")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"" + this.tenant.id() + "-new\",\"password\":\"long enough password\","
					+ "\"role\":\"AGENT\",\"tenantId\":\"" + this.tenant.id() + "\"}"))
			.hasStatus(HttpStatus.CREATED)
			.bodyText()
			.doesNotContain("password");
		assertThat(
				this.mvc.get().uri("/api/articles").with(httpBasic(this.tenant.id() + "-new", "long enough password")))
			.hasStatusOk();
	}

	@Test
	void theServiceTokenOpensInternalEndpointsAndNothingElse() {
		assertThat(this.mvc.get()
			.uri("/internal/feed/articles")
			.header("Authorization", "Bearer test-service-token-0123456789")).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/articles").header("Authorization", "Bearer test-service-token-0123456789"))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/internal/feed/articles").header("Authorization", "Bearer wrong-token"))
			.hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void pagesAskAnAnonymousVisitorToSignIn() {
		assertThat(this.mvc.get().uri("/").accept(MediaType.TEXT_HTML)).hasStatus(HttpStatus.FOUND)
			.hasHeader("Location", "/login");
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk();
	}

}
