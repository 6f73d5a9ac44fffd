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
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's acceptance across the three applications: the knowledge-base search mirrored
 * at 100 % to app-llm's mimic, every comparison in app-legacy's report, and the primary
 * answers unchanged while app-llm is down.
 */
class MigrationSystemTests {

	private static final String SEARCH = "/api/kb/search?q=charging+the+battery";

	private final RunningSystem system = RunningSystem.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void mirrorsTheSearchReportsEveryComparisonAndNeverTouchesThePrimary() throws Exception {
		// app-llm has the sample knowledge base in its index.
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> send("GET", this.system.gateway().resolve("/rag/search?k=3&q=charging+the+battery"), null,
					"Bearer " + RunningSystem.API_KEY)
				.body()
				.contains("Charging the battery"));
		HttpResponse<String> settings = send("PUT", this.system.gateway().resolve("/api/migrations/kb-search"), """
				{"method":"GET","path":"/api/kb/search","mirrorPercentage":100,"cutoverWeight":0,
				 "ignore":["results[*].snippet","results[*].updatedAt"],"resultsPath":"results","state":"shadow"}""",
				this.system.adminAuthorization());
		assertThat(settings.statusCode()).isEqualTo(200);

		String primary = send("GET", this.system.legacy().resolve(SEARCH), null, this.system.adminAuthorization())
			.body();
		// Once the gateway has the settings, every search is compared.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(search().body()).isEqualTo(primary);
			return report().path("samples").asLong() > 0;
		});
		// The last of those samples may still be on their way: wait until the count holds
		// still for longer than the gateway's batch interval.
		long[] last = { -1 };
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1_500)).until(() -> {
			long now = report().path("samples").asLong();
			boolean settled = now == last[0];
			last[0] = now;
			return settled;
		});
		long before = last[0];
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> through = search();
			assertThat(through.statusCode()).isEqualTo(200);
			assertThat(through.body()).isEqualTo(primary);
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> report().path("samples").asLong() >= before + 10);
		JsonNode report = report();
		assertThat(report.path("samples").asLong()).isEqualTo(before + 10);
		assertThat(report.path("matches").asLong() + report.path("mismatches").asLong()
				+ report.path("candidateFailures").asLong())
			.isEqualTo(report.path("samples").asLong());
		assertThat(report.path("overlap").isNumber()).isTrue();

		// app-llm down: the primary answers and their status codes do not change.
		this.system.stopLlm();
		try {
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> through = search();
				assertThat(through.statusCode()).isEqualTo(200);
				assertThat(through.body()).isEqualTo(primary);
			}
			HttpResponse<String> refused = send("GET", this.system.gateway().resolve("/api/kb/search?q="), null,
					this.system.adminAuthorization());
			assertThat(refused.statusCode()).isEqualTo(400);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> report().path("candidateFailures").asLong() >= 5);
		}
		finally {
			this.system.startLlm();
			send("PUT", this.system.gateway().resolve("/api/migrations/kb-search"), """
					{"method":"GET","path":"/api/kb/search","mirrorPercentage":0,"cutoverWeight":0,
					 "state":"shadow"}""", this.system.adminAuthorization());
		}
	}

	private HttpResponse<String> search() throws Exception {
		return send("GET", this.system.gateway().resolve(SEARCH), null, this.system.adminAuthorization());
	}

	private JsonNode report() throws Exception {
		HttpResponse<String> response = send("GET",
				this.system.gateway().resolve("/api/migrations/kb-search/report?minutes=60"), null,
				this.system.adminAuthorization());
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> send(String method, URI uri, String body, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", authorization);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(
				request
					.method(method,
							(body != null) ? HttpRequest.BodyPublishers.ofString(body)
									: HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
