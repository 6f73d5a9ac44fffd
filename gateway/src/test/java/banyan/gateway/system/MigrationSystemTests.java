package banyan.gateway.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's acceptance across the three applications: the knowledge-base search mirrored
 * at 100 % to app-llm's mimic, every comparison in app-legacy's report, and the primary
 * answers unchanged while app-llm is down; a cutover at 25 % of tenants, each sticky, the
 * rollback, and a gate that rolls back by itself.
 */
class MigrationSystemTests {

	private static final String SEARCH = "/api/kb/search?q=charging+the+battery";

	private static final int TENANTS = 40;

	private static final String MEMBER_PASSWORD = "cutover-member-password";

	/** Longer than the gateway's settings poll (500 ms in the system tests). */
	private static final Duration SETTLE = Duration.ofMillis(1_500);

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
				+ report.path("candidateFailures").asLong() + report.path("served").asLong())
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

	@Test
	void cutsOverAQuarterOfTenantsEachStickilyRollsBackAtOnceAndTheGateRollsBackByItself() throws Exception {
		List<String> members = new ArrayList<>();
		List<Thread> creating = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			String tenant = "cutover-" + i;
			members.add("Basic " + Base64.getEncoder()
				.encodeToString((tenant + "-agent:" + MEMBER_PASSWORD).getBytes(StandardCharsets.UTF_8)));
			creating.add(Thread.ofVirtual().start(() -> {
				try {
					assertThat(send("POST", this.system.gateway().resolve("/api/tenants"), """
							{"id":"%s","name":"%s"}""".formatted(tenant, tenant), this.system.adminAuthorization())
						.statusCode()).isIn(201, 409);
					assertThat(send("POST", this.system.gateway().resolve("/api/users"),
							"""
									{"username":"%s-agent","password":"%s","role":"AGENT","tenantId":"%s"}"""
								.formatted(tenant, MEMBER_PASSWORD, tenant),
							this.system.adminAuthorization())
						.statusCode()).isIn(201, 409);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		for (Thread thread : creating) {
			thread.join();
		}
		try {
			// Paused: the gate leaves the weight alone.
			settings(25, "paused");
			Map<String, Boolean> cutOver = new LinkedHashMap<>();
			for (String member : members) {
				cutOver.put(member, answeredByCandidate(member));
			}
			long candidates = cutOver.values().stream().filter(Boolean::booleanValue).count();
			// About a quarter of 40 tenants (binomial: 10 ± 2.7).
			assertThat(candidates).isBetween(3L, 18L);
			// Each tenant the same way again.
			for (String member : members) {
				assertThat(answeredByCandidate(member)).as(member).isEqualTo(cutOver.get(member));
			}

			// The one switch: every tenant back to app-legacy with the next poll.
			assertThat(send("POST", this.system.gateway().resolve("/api/migrations/kb-search/rollback"), null,
					this.system.adminAuthorization())
				.statusCode()).isEqualTo(200);
			Thread.sleep(SETTLE.toMillis());
			for (String member : members) {
				assertThat(answeredByCandidate(member)).as(member).isFalse();
			}

			// A gate whose latency threshold the candidate breaches: it rolls the route
			// back by
			// itself once it has its samples (the cut-over requests served).
			assertThat(send("PUT", this.system.gateway().resolve("/api/migrations/kb-search/gate"), """
					{"schedule":[0,25,50,100],"windowMinutes":60,"minSamples":5,"maxMismatchRate":1,
					 "maxErrorRate":1,"maxP95Millis":1}""", this.system.adminAuthorization()).statusCode())
				.isEqualTo(200);
			settings(25, "progressing");
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				for (String member : members) {
					assertThat(send("GET", this.system.gateway().resolve(SEARCH), null, member).statusCode())
						.isEqualTo(200);
				}
				return this.json
					.readTree(send("GET", this.system.gateway().resolve("/api/migrations/kb-search"), null,
							this.system.adminAuthorization())
						.body())
					.path("state")
					.asString()
					.equals("rolled-back");
			});
			JsonNode transitions = this.json
				.readTree(send("GET", this.system.gateway().resolve("/api/migrations/kb-search/transitions"), null,
						this.system.adminAuthorization())
					.body());
			assertThat(transitions.path(0).path("decision").asString()).isEqualTo("roll-back");
			assertThat(transitions.path(0).path("reason").asString()).contains("candidate p95");
			assertThat(transitions.path(0).path("toWeight").asInt()).isZero();
			Thread.sleep(SETTLE.toMillis());
			for (String member : members) {
				assertThat(answeredByCandidate(member)).as(member).isFalse();
			}
		}
		finally {
			settings(0, "shadow");
		}
	}

	private void settings(int weight, String state) throws Exception {
		HttpResponse<String> saved = send("PUT", this.system.gateway().resolve("/api/migrations/kb-search"), """
				{"method":"GET","path":"/api/kb/search","mirrorPercentage":0,"cutoverWeight":%d,
				 "ignore":["results[*].snippet","results[*].updatedAt"],"resultsPath":"results","state":"%s"}"""
			.formatted(weight, state), this.system.adminAuthorization());
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		Thread.sleep(SETTLE.toMillis());
	}

	/**
	 * Whether the member's search was answered by the candidate, as the gateway counts
	 * it; the answer is 200 either way.
	 */
	private boolean answeredByCandidate(String member) throws Exception {
		double before = cutoverCount();
		HttpResponse<String> answer = send("GET", this.system.gateway().resolve(SEARCH), null, member);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return cutoverCount() > before;
	}

	/**
	 * {@code banyan.migration.cutover{route=kb-search, target=candidate}} of the gateway.
	 */
	private double cutoverCount() throws Exception {
		String metrics = this.http
			.send(HttpRequest.newBuilder(this.system.gatewayManagement().resolve("/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		return metrics.lines()
			.filter((line) -> line.startsWith("banyan_migration_cutover_total{") && line.contains("route=\"kb-search\"")
					&& line.contains("target=\"candidate\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
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
