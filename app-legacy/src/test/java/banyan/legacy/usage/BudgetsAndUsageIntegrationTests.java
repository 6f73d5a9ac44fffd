package banyan.legacy.usage;

import java.util.Map;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * Spending limits of tenants and keys, from the back office into the access token, and
 * the tenant page's usage, read from app-llm (WireMock here, in app-llm's exact JSON).
 */
@SpringBootTest(properties = { "banyan.security.internal-token=budget-test-internal-token",
		"banyan.usage.internal-token=budget-test-internal-token" })
@AutoConfigureMockMvc
class BudgetsAndUsageIntegrationTests {

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		llm.start();
	}

	@DynamicPropertySource
	static void llmUri(DynamicPropertyRegistry registry) {
		registry.add("banyan.usage.llm-uri", llm::baseUrl);
	}

	@AfterAll
	static void stopLlm() {
		llm.stop();
	}

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
	void carriesTheSpendingLimitsOfTenantAndKeyIntoTheAccessToken() throws Exception {
		assertThat(this.mvc.put()
			.uri("/api/tenants/" + this.tenant.id())
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Budgeted\",\"dailyBudget\":5,\"monthlyBudget\":\"100.50\"}")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.monthlyBudget")
			.isEqualTo(100.50);
		MvcTestResult issued = this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\",\"allowedModels\":[],\"rateTier\":\"std\",\"dataDomains\":[],"
					+ "\"monthlyBudget\":\"12.5\"}")
			.exchange();
		assertThat(issued).hasStatus(HttpStatus.CREATED);
		String key = this.json.readTree(issued.getResponse().getContentAsByteArray()).path("key").asString();

		JsonNode claims = introspect(key);

		JsonNode limits = claims.path("budgets");
		assertThat(limits.propertyNames()).containsExactly("tenantDaily", "tenantMonthly", "keyMonthly");
		assertThat(limits.path("tenantDaily").decimalValue()).isEqualByComparingTo("5");
		assertThat(limits.path("tenantMonthly").decimalValue()).isEqualByComparingTo("100.50");
		assertThat(limits.path("keyMonthly").decimalValue()).isEqualByComparingTo("12.5");
		Map<String, Object> budgets = SignedJWT.parse(claims.path("token").asString())
			.getJWTClaimsSet()
			.getJSONObjectClaim(AccessTokenClaims.BUDGETS);
		assertThat(budgets).containsOnly(Map.entry("tenant_daily", "5"), Map.entry("tenant_monthly", "100.5"),
				Map.entry("key_monthly", "12.5"));
	}

	@Test
	void carriesTheTenantsGuardrailActionIntoTheAccessToken() throws Exception {
		assertThat(this.mvc.put()
			.uri("/api/tenants/" + this.tenant.id())
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Flagging\",\"guardrails\":\"FLAG\"}")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.guardrails")
			.isEqualTo("FLAG");
		MvcTestResult issued = this.mvc.post()
			.uri("/api/tenants/" + this.tenant.id() + "/keys")
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\",\"allowedModels\":[],\"rateTier\":\"std\",\"dataDomains\":[]}")
			.exchange();
		String key = this.json.readTree(issued.getResponse().getContentAsByteArray()).path("key").asString();

		JsonNode claims = introspect(key);

		assertThat(claims.path("guardrails").asString()).isEqualTo("flag");
		assertThat(SignedJWT.parse(claims.path("token").asString())
			.getJWTClaimsSet()
			.getStringClaim(AccessTokenClaims.GUARDRAILS)).isEqualTo("flag");

		assertThat(form("/admin/tenants/" + this.tenant.id() + "/budgets", "daily", "", "monthly", "", "guardrails",
				"BLOCK"))
			.hasStatus(HttpStatus.FOUND);
		assertThat(this.mvc.get().uri("/api/tenants/" + this.tenant.id()).with(this.admin)).bodyJson()
			.extractingPath("$.guardrails")
			.isEqualTo("BLOCK");
	}

	@Test
	void refusesANegativeOrNonNumericBudget() {
		assertThat(this.mvc.put()
			.uri("/api/tenants/" + this.tenant.id())
			.with(this.admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Budgeted\",\"dailyBudget\":-1}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://banyan.dev/problems/invalid-request");

		MvcTestResult page = form("/admin/tenants/" + this.tenant.id() + "/budgets", "daily", "ten", "monthly", "-3");

		assertThat(page).hasStatusOk();
		assertThat(page).bodyText().contains("class=\"error\"").contains("must be greater than or equal to 0");
		assertThat(this.mvc.get().uri("/api/tenants/" + this.tenant.id()).with(this.admin)).bodyJson()
			.extractingPath("$.dailyBudget")
			.isNull();
	}

	@Test
	void savesLimitsFromTheTenantPage() {
		assertThat(form("/admin/tenants/" + this.tenant.id() + "/budgets", "daily", "2.5", "monthly", ""))
			.hasStatus(HttpStatus.FOUND);

		assertThat(this.mvc.get().uri("/api/tenants/" + this.tenant.id()).with(this.admin)).bodyJson()
			.extractingPath("$.dailyBudget")
			.isEqualTo(2.5);
	}

	@Test
	void showsTheTenantsUsageThisMonthFromAppLlm() {
		llm.stubFor(get(urlPathEqualTo("/internal/usage")).withQueryParam("tenant", equalTo(this.tenant.id()))
			.withHeader("Authorization", equalTo("Bearer budget-test-internal-token"))
			.willReturn(okJson("""
					{"tenant":"%s","from":"2026-12-01","to":"2026-12-01","currency":"USD","requests":7,
					 "inputTokens":1900,"outputTokens":500,"cost":0.0123,
					 "models":[{"model":"gpt-4o","requests":7,"failed":1,"inputTokens":1900,"outputTokens":500,
					            "cost":0.0123}]}""".formatted(this.tenant.id()))));

		assertThat(this.mvc.get().uri("/admin/tenants/" + this.tenant.id()).with(this.admin)).hasStatusOk()
			.bodyText()
			.contains("7 requests from 2026-12-01 to 2026-12-01 (UTC): 1900 input and 500 output tokens, 0.0123 USD.")
			.contains("<td>gpt-4o</td>");
	}

	@Test
	void showsTheTenantPageWithoutUsageWhenAppLlmFails() {
		llm.stubFor(get(urlPathEqualTo("/internal/usage")).withQueryParam("tenant", equalTo(this.tenant.id()))
			.willReturn(aResponse().withStatus(503)));

		assertThat(this.mvc.get().uri("/admin/tenants/" + this.tenant.id()).with(this.admin)).hasStatusOk()
			.bodyText()
			.contains("Usage is not available right now");
	}

	private MvcTestResult form(String path, String... fields) {
		var request = this.mvc.post()
			.uri(path)
			.with(this.admin)
			.with(csrf())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		for (int i = 0; i < fields.length; i += 2) {
			request = request.param(fields[i], fields[i + 1]);
		}
		return request.exchange();
	}

	private JsonNode introspect(String key) {
		MvcTestResult result = this.mvc.post()
			.uri("/internal/keys/introspect")
			.header("Authorization", "Bearer budget-test-internal-token")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"key\":\"" + key + "\"}")
			.exchange();
		assertThat(result).hasStatusOk();
		return this.json.readTree(result.getResponse().getContentAsByteArray());
	}

}
