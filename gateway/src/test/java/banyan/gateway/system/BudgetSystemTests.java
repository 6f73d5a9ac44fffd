package banyan.gateway.system;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's budget set in the back office, enforced by app-llm behind the gateway, and the
 * usage it recorded read back by the tenant and by the back office. The model
 * {@code priced} costs 1,000 per million tokens and its upstream reports 12 + 20 tokens
 * per answer (0.032); a request with {@code max_tokens: 30} reserves 0.04.
 */
class BudgetSystemTests {

	private final RunningSystem system = RunningSystem.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aKeysMonthlyBudgetStopsItsRequestsAndItsUsageShowsInTheBackOffice() throws Exception {
		String tenant = "budget-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(asAdmin("POST", "/api/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Budgeted\"}").statusCode())
			.isEqualTo(201);
		HttpResponse<String> issued = asAdmin("POST", "/api/tenants/" + tenant + "/keys",
				"{\"name\":\"ci\",\"allowedModels\":[],\"rateTier\":\"standard\",\"dataDomains\":[],"
						+ "\"monthlyBudget\":\"0.1\"}");
		assertThat(issued.statusCode()).isEqualTo(201);
		String key = this.json.readTree(issued.body()).path("key").asString();

		// 0.04 fits twice into 0.1; after two answers (0.064 spent) a third does not.
		assertThat(complete(key).statusCode()).isEqualTo(200);
		assertThat(complete(key).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = complete(key);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(this.json.readTree(refused.body()).path("error").path("code").asString())
			.isEqualTo("insufficient_quota");
		JsonNode usage = this.json.readTree(
				this.http
					.send(HttpRequest.newBuilder(this.system.gateway().resolve("/v1/usage"))
						.header("Authorization", "Bearer " + key)
						.build(), HttpResponse.BodyHandlers.ofString())
					.body());
		assertThat(usage.path("tenant").asString()).isEqualTo(tenant);
		assertThat(usage.path("requests").asLong()).isEqualTo(2);
		assertThat(usage.path("cost").decimalValue()).isEqualByComparingTo("0.064");
		assertThat(asAdmin("GET", "/admin/tenants/" + tenant, null).body()).contains("2 requests from")
			.contains("0.064 USD");
	}

	private HttpResponse<String> complete(String key) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.system.gateway().resolve("/v1/chat/completions"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"priced\",\"max_tokens\":30,"
					+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> asAdmin(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.system.gateway().resolve(path))
			.header("Authorization", this.system.adminAuthorization());
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
