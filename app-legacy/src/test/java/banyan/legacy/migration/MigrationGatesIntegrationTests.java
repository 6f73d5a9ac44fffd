package banyan.legacy.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import banyan.contracts.migration.ComparisonResult;
import banyan.legacy.TestTenants;
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
 * The automatic gate: a route that keeps its figures within the thresholds is promoted
 * step by step, one that breaches them is rolled back by itself, and too few samples
 * decide nothing; each decision is recorded with its figures.
 */
@SpringBootTest(properties = "banyan.migration.gate-interval=1h")
@AutoConfigureMockMvc
class MigrationGatesIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	TestTenants tenants;

	@Autowired
	MigrationGates gates;

	@Autowired
	MigrationResults results;

	@Autowired
	MigrationRoutes routes;

	@Test
	void promotesWithinTheThresholdsRollsBackOnABreachAndWaitsForSamples() {
		RequestPostProcessor admin = httpBasic(this.tenants.create().admin(), TestTenants.PASSWORD);
		assertThat(this.mvc.put()
			.uri("/api/migrations/gated")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"method":"GET","path":"/api/kb/search","mirrorPercentage":100,"cutoverWeight":0,
					 "state":"progressing"}""")).hasStatusOk();
		assertThat(this.mvc.put()
			.uri("/api/migrations/gated/gate")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"schedule":[0,5,25,50,100],"windowMinutes":60,"minSamples":10,"maxMismatchRate":0.1,
					 "maxErrorRate":0.05,"maxP95Millis":500}""")).hasStatusOk();
		assertThat(this.mvc.put()
			.uri("/api/migrations/gated/gate")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"schedule\":[],\"windowMinutes\":0,\"minSamples\":10,\"maxMismatchRate\":2,"
					+ "\"maxErrorRate\":0.05,\"maxP95Millis\":500}"))
			.hasStatus(HttpStatus.BAD_REQUEST);
		// A schedule that does not rise is refused by the API as by the page, and changes
		// nothing.
		MvcTestResult refused = this.mvc.put()
			.uri("/api/migrations/gated/gate")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"schedule":[0,50,25,100],"windowMinutes":60,"minSamples":10,"maxMismatchRate":0.1,
					 "maxErrorRate":0.05,"maxP95Millis":500}""")
			.exchange();
		assertThat(refused).hasStatus(HttpStatus.BAD_REQUEST);
		JsonNode falling = read(refused);
		assertThat(falling.path("errors").path(0).path("field").asString()).isEqualTo("schedule");
		assertThat(falling.path("errors").path(0).path("message").asString()).contains("must rise");
		assertThat(this.routes.gate("gated").schedule()).containsExactly(0, 5, 25, 50, 100);

		// No samples yet: nothing decided.
		assertThat(this.gates.evaluate("gated")).isEqualTo("wait");

		this.results.record(samples(20, 0));
		assertThat(this.gates.evaluate("gated")).isEqualTo("promote");
		assertThat(this.routes.find("gated").orElseThrow().cutoverWeight()).isEqualTo(5);
		// The samples before the promotion do not count for the next step.
		assertThat(this.gates.evaluate("gated")).isEqualTo("wait");

		// Half of them mismatch now: a breach.
		this.results.record(samples(20, 10));
		assertThat(this.gates.evaluate("gated")).isEqualTo("roll-back");
		assertThat(this.routes.find("gated").orElseThrow().cutoverWeight()).isZero();
		assertThat(this.routes.find("gated").orElseThrow().state()).isEqualTo("rolled-back");
		assertThat(this.gates.evaluate("gated")).isEqualTo("wait");

		JsonNode transitions = read(this.mvc.get().uri("/api/migrations/gated/transitions").with(admin).exchange());
		assertThat(transitions).hasSize(2);
		assertThat(transitions.path(0).path("decision").asString()).isEqualTo("roll-back");
		assertThat(transitions.path(0).path("reason").asString()).contains("mismatch rate");
		assertThat(transitions.path(0).path("figures").asString()).contains("\"mismatches\":10");
		assertThat(transitions.path(1).path("decision").asString()).isEqualTo("promote");
		assertThat(transitions.path(1).path("toWeight").asInt()).isEqualTo(5);
		// The gate's changes are in the audit log under its own name.
		assertThat(read(this.mvc.get().uri("/api/migrations/gated/audit").with(admin).exchange()).path(0)
			.path("actor")
			.asString()).isEqualTo(MigrationGates.ACTOR);
	}

	@Test
	void differencesThatLegacyHasWithItselfDoNotBreachTheGate() {
		RequestPostProcessor admin = httpBasic(this.tenants.create().admin(), TestTenants.PASSWORD);
		assertThat(this.mvc.put()
			.uri("/api/migrations/noisy-gate")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"method":"GET","path":"/api/kb/noisy","mirrorPercentage":100,"noisePercentage":100,
					 "cutoverWeight":0,"state":"progressing"}""")).hasStatusOk();
		assertThat(this.mvc.put()
			.uri("/api/migrations/noisy-gate/gate")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"schedule":[0,5],"windowMinutes":60,"minSamples":10,"maxMismatchRate":0.1,
					 "maxErrorRate":0.05,"maxP95Millis":500}""")).hasStatusOk();
		// Half the candidate's answers differ in a timestamp, as half of legacy's own do.
		List<ComparisonResult> batch = new ArrayList<>(samples("noisy-gate", 20, 10, "generatedAt", false));
		batch.addAll(samples("noisy-gate", 20, 10, "generatedAt", true));
		this.results.record(batch);
		assertThat(this.gates.evaluate("noisy-gate")).isEqualTo("promote");
		assertThat(this.routes.find("noisy-gate").orElseThrow().cutoverWeight()).isEqualTo(5);
		assertThat(this.gates.transitions("noisy-gate").get(0).figures()).contains("\"significantMismatches\":0");
	}

	private static List<ComparisonResult> samples(int count, int mismatches) {
		return samples("gated", count, mismatches, "results[*].id", false);
	}

	private static List<ComparisonResult> samples(String route, int count, int mismatches, String field,
			boolean noise) {
		List<ComparisonResult> batch = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			boolean mismatch = i < mismatches;
			batch.add(new ComparisonResult(route, Instant.now(), mismatch ? "mismatch" : "match", 200, 200, 20, 50,
					mismatch ? List.of(field) : List.of(), noise, noise ? -1 : 1, noise ? -2 : 1,
					(mismatch && !noise) ? "diff" : ""));
		}
		return batch;
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
