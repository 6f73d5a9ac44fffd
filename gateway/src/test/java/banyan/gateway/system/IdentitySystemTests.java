package banyan.gateway.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity end to end: an API key issued in the back office works at the gateway within
 * its scopes, stops working soon after it is revoked, and app-llm itself accepts nothing
 * but a token app-legacy signed.
 */
class IdentitySystemTests {

	private final RunningSystem system = RunningSystem.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aKeyWorksWithinItsScopesUntilItIsRevoked() throws Exception {
		JsonNode issued = this.json.readTree(send(post("/api/tenants/demo/keys",
				"{\"name\":\"system test\",\"allowedModels\":[\"local\"],\"rateTier\":\"standard\",\"dataDomains\":[]}")
			.header("Authorization", this.system.adminAuthorization())
			.build()).body());
		String key = issued.path("key").asString();
		long id = issued.path("details").path("id").asLong();

		assertThat(send(chat(this.system.gateway(), "local", "Bearer " + key)).statusCode()).isEqualTo(200);
		HttpResponse<String> forbidden = send(chat(this.system.gateway(), "upstream", "Bearer " + key));
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(forbidden.body()).contains("model-not-allowed");

		assertThat(send(post("/api/tenants/demo/keys/" + id + "/revoke", "")
			.header("Authorization", this.system.adminAuthorization())
			.build()).statusCode()).isEqualTo(200);
		// The gateway remembers an introspected key for its cache TTL (1 s here).
		Thread.sleep(1_500);
		HttpResponse<String> revoked = send(chat(this.system.gateway(), "local", "Bearer " + key));
		assertThat(revoked.statusCode()).isEqualTo(401);
		assertThat(revoked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void theGatewayChargesTheTokensAppLlmReportsToTheTenantsLimit() throws Exception {
		String key = this.json
			.readTree(send(post("/api/tenants/demo/keys",
					"{\"name\":\"few tokens\",\"allowedModels\":[],\"rateTier\":\"few-tokens\",\"dataDomains\":[]}")
				.header("Authorization", this.system.adminAuthorization())
				.build()).body())
			.path("key")
			.asString();

		HttpResponse<String> first = send(chat(this.system.gateway(), "local", "Bearer " + key));
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("1000");
		assertThat(first.body()).containsPattern(":banyan-tokens=[1-9]");
		long before = Long.parseLong(first.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());

		// The charge lands as the first answer ends; the next request sees it.
		Thread.sleep(200);
		HttpResponse<String> second = send(chat(this.system.gateway(), "local", "Bearer " + key));
		assertThat(Long.parseLong(second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow()))
			.isLessThan(before);
	}

	@Test
	void theGatewayRefusesARequestWithoutAKey() throws Exception {
		HttpResponse<String> response = send(chat(this.system.gateway(), "local", null));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("/problems/unauthorized");
	}

	@Test
	void appLlmTrustsNeitherAKeyNorAHeaderSentPastTheGateway() throws Exception {
		assertThat(send(chat(this.system.llm(), "local", "Bearer " + RunningSystem.API_KEY)).statusCode())
			.isEqualTo(401);
		HttpRequest spoofed = HttpRequest.newBuilder(this.system.llm().resolve("/chat/stream"))
			.header("Content-Type", "application/json")
			.header("X-Tenant", "demo")
			.header("X-Forwarded-For", "127.0.0.1")
			.POST(HttpRequest.BodyPublishers.ofString(body("local")))
			.build();
		assertThat(send(spoofed).statusCode()).isEqualTo(401);
	}

	private HttpRequest chat(URI base, String model, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/chat/stream"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body(model)));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request.build();
	}

	private static String body(String model) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
	}

	private HttpRequest.Builder post(String path, String body) {
		return HttpRequest.newBuilder(this.system.gateway().resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
