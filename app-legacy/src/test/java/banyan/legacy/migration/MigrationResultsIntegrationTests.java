package banyan.legacy.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import banyan.contracts.migration.ComparisonResult;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * The gateway's compared samples stored and reported per route (ADR 14).
 */
@SpringBootTest(properties = "banyan.security.internal-token=" + MigrationResultsIntegrationTests.SERVICE_TOKEN)
@AutoConfigureMockMvc
class MigrationResultsIntegrationTests {

	static final String SERVICE_TOKEN = "migration-service-token-0123456789";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	TestTenants tenants;

	@Autowired
	JdbcClient jdbc;

	@Test
	void reportsMatchMismatchAndNoiseRatesPerFieldAndLatencies() {
		Instant now = Instant.now();
		List<ComparisonResult> batch = List.of(result("report", now, "match", List.of(), false, 10, 20),
				result("report", now, "match", List.of(), false, 20, 40),
				new ComparisonResult("report", now, "mismatch", 200, 200, 30, 60, List.of("results[*].title"), false,
						0.5, -1, "primary 200: {...}\ncandidate 200: {...}"),
				new ComparisonResult("report", now, "candidate-failed", 200, 0, 40, -1, List.of(), false, -1, -2, ""),
				// A cut-over request: the candidate alone answered.
				new ComparisonResult("report", now, "served", 0, 200, -1, 30, List.of(), false, -1, -2, ""),
				result("report", now, "match", List.of(), true, 10, 10),
				result("report", now, "mismatch", List.of("totalElements"), true, 10, 10));
		assertThat(post(batch)).hasStatus(HttpStatus.ACCEPTED);

		JsonNode report = report("report", httpBasicAdmin());
		assertThat(report.path("samples").asLong()).isEqualTo(5);
		assertThat(report.path("served").asLong()).isEqualTo(1);
		assertThat(report.path("matches").asLong()).isEqualTo(2);
		assertThat(report.path("mismatches").asLong()).isEqualTo(1);
		assertThat(report.path("significantMismatches").asLong()).isEqualTo(1);
		assertThat(report.path("candidateFailures").asLong()).isEqualTo(1);
		assertThat(report.path("noiseSamples").asLong()).isEqualTo(2);
		assertThat(report.path("fields").toString()).contains("results[*].title").contains("totalElements");
		for (JsonNode field : report.path("fields")) {
			if (field.path("field").asString().equals("results[*].title")) {
				assertThat(field.path("mismatchRate").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
				assertThat(field.path("noiseRate").asDouble()).isZero();
			}
			else {
				assertThat(field.path("mismatchRate").asDouble()).isZero();
				assertThat(field.path("noiseRate").asDouble()).isEqualTo(0.5);
			}
		}
		assertThat(report.path("primaryP50").asDouble()).isEqualTo(25.0);
		assertThat(report.path("candidateP50").asDouble()).isEqualTo(35.0);
		// Of the searches compared: 1.0, 1.0 and 0.5.
		assertThat(report.path("overlap").asDouble()).isCloseTo(2.5 / 3, within(1e-9));
		assertThat(report.path("latestMismatches").path(0).path("fields").path(0).asString())
			.isEqualTo("results[*].title");
		assertThat(report.path("latestMismatches").path(0).path("diff").asString()).startsWith("primary 200");
	}

	@Test
	void aFieldThatDiffersAsOftenAsBetweenTwoLegacyAnswersIsNotAMismatch() {
		Instant now = Instant.now();
		List<ComparisonResult> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			// Legacy against itself: "took" differs in 4 of 10.
			batch.add(result("noisy", now, (i < 4) ? "mismatch" : "match", (i < 4) ? List.of("took") : List.of(), true,
					10, 10));
			// The candidate: "took" differs in 4 of 10 as well, and one result id in 1.
			List<String> fields = (i < 4) ? List.of("took") : (i == 4) ? List.of("results[*].id") : List.of();
			batch.add(result("noisy", now, fields.isEmpty() ? "match" : "mismatch", fields, false, 10, 10));
		}
		assertThat(post(batch)).hasStatus(HttpStatus.ACCEPTED);

		JsonNode report = report("noisy", httpBasicAdmin());
		assertThat(report.path("mismatches").asLong()).isEqualTo(5);
		assertThat(report.path("significantMismatches").asLong()).isEqualTo(1);
		assertThat(report.path("mismatchRate").asDouble()).isCloseTo(0.1, within(1e-9));
		assertThat(report.path("fields")).hasSize(2);
		for (JsonNode field : report.path("fields")) {
			assertThat(field.path("counted").asBoolean()).as(field.toString())
				.isEqualTo(field.path("field").asString().equals("results[*].id"));
		}
		// Within the thresholds: 0.1 above a noise of 0 counts; 0.4 against 0.4 does not,
		// nor does 0.45 against 0.4 (above by 0.05, but only 12.5 % of the noise).
		MigrationResults.Thresholds thresholds = new MigrationResults.Thresholds(0.03, 0.2);
		assertThat(thresholds.counts(0.1, 0)).isTrue();
		assertThat(thresholds.counts(0.02, 0)).isFalse();
		assertThat(thresholds.counts(0.4, 0.4)).isFalse();
		assertThat(thresholds.counts(0.45, 0.4)).isFalse();
		assertThat(thresholds.counts(0.6, 0.4)).isTrue();
	}

	@Test
	void keepsOnlyTheLatestMismatchSamplesOfARoute() {
		List<ComparisonResult> batch = new ArrayList<>();
		for (int i = 0; i < MigrationResults.KEPT_MISMATCHES + 5; i++) {
			batch.add(new ComparisonResult("capped", Instant.now(), "mismatch", 200, 500, 1, 1, List.of("status"),
					false, -1, -2, "sample " + i));
		}
		assertThat(post(batch)).hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.jdbc.sql("select count(*) from migration_mismatches where route = 'capped'")
			.query(Long.class)
			.single()).isEqualTo(MigrationResults.KEPT_MISMATCHES);
		assertThat(report("capped", httpBasicAdmin()).path("latestMismatches").path(0).path("diff").asString())
			.isEqualTo("sample " + (MigrationResults.KEPT_MISMATCHES + 4));
	}

	@Test
	void refusesBadBatchesAndCallersThatMayNot() {
		TestTenant tenant = this.tenants.create();
		assertThat(this.mvc.post()
			.uri("/internal/migrations/results")
			.contentType(MediaType.APPLICATION_JSON)
			.content("[]")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(post("[{\"route\":\"Bad Route\",\"at\":\"2026-12-01T00:00:00Z\",\"outcome\":\"match\","
				+ "\"fields\":[],\"diff\":\"\"}]"))
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("[{\"route\":")).hasStatus(HttpStatus.BAD_REQUEST);
		List<ComparisonResult> tooMany = new ArrayList<>();
		for (int i = 0; i <= 1_000; i++) {
			tooMany.add(result("big", Instant.now(), "match", List.of(), false, 1, 1));
		}
		assertThat(post(tooMany)).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
		// Reports are for administrators.
		assertThat(this.mvc.get()
			.uri("/api/migrations/report/report")
			.with(httpBasic(tenant.agent(), TestTenants.PASSWORD))).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get()
			.uri("/api/migrations/report/report?minutes=0")
			.with(httpBasic(tenant.admin(), TestTenants.PASSWORD))).hasStatus(HttpStatus.BAD_REQUEST);
	}

	private static ComparisonResult result(String route, Instant at, String outcome, List<String> fields, boolean noise,
			long primary, long candidate) {
		return new ComparisonResult(route, at, outcome, 200, 200, primary, candidate, fields, noise, noise ? -1 : 1.0,
				noise ? -2 : 1.0, "");
	}

	private org.springframework.test.web.servlet.request.RequestPostProcessor httpBasicAdmin() {
		return httpBasic(this.tenants.create().admin(), TestTenants.PASSWORD);
	}

	private MvcTestResult post(Object batch) {
		return this.mvc.post()
			.uri("/internal/migrations/results")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content((batch instanceof String text) ? text : this.json.writeValueAsString(batch))
			.exchange();
	}

	private JsonNode report(String route, org.springframework.test.web.servlet.request.RequestPostProcessor admin) {
		MvcTestResult result = this.mvc.get().uri("/api/migrations/" + route + "/report").with(admin).exchange();
		assertThat(result).hasStatusOk();
		try {
			return this.json.readTree(result.getResponse().getContentAsString());
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
