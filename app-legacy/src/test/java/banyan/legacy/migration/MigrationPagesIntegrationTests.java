package banyan.legacy.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import banyan.contracts.migration.ComparisonResult;
import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * The back-office pages of the migration control plane: routes registered and changed
 * through plain forms that validate, the report read on the page, a stale form refused,
 * the one switch back, and administrators only.
 */
@SpringBootTest(properties = "banyan.migration.gate-interval=1h")
@AutoConfigureMockMvc
class MigrationPagesIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants tenants;

	@Autowired
	MigrationRoutes routes;

	@Autowired
	MigrationResults results;

	TestTenant tenant;

	RequestPostProcessor admin;

	@BeforeEach
	void signIn() {
		this.tenant = this.tenants.create();
		this.admin = httpBasic(this.tenant.admin(), TestTenants.PASSWORD);
	}

	@Test
	void registersARouteChangesItLiveAndRollsItBack() {
		MvcTestResult created = form("/admin/migrations", "id", "pages-search", "method", "GET", "path",
				"/api/kb/search", "mirrorPercentage", "5", "noisePercentage", "10", "cutoverWeight", "0", "state",
				"shadow", "ignore", "took, results[*].snippet", "unordered", "", "relativeTolerance", "0",
				"absoluteTolerance", "0", "resultsPath", "content", "idField", "id", "k", "10");
		assertThat(created).hasStatus(HttpStatus.FOUND).hasRedirectedUrl("/admin/migrations/pages-search");
		assertThat(this.routes.find("pages-search").orElseThrow().ignore()).containsExactly("took",
				"results[*].snippet");
		// The same id again is refused on the form.
		assertThat(form("/admin/migrations", "id", "pages-search", "method", "GET", "path", "/api/kb/search",
				"mirrorPercentage", "5", "noisePercentage", "0", "cutoverWeight", "0", "state", "shadow", "idField",
				"id", "k", "10", "relativeTolerance", "0", "absoluteTolerance", "0"))
			.hasStatusOk()
			.bodyText()
			.contains("A route with this id exists already.");

		Instant now = Instant.now();
		List<ComparisonResult> samples = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			samples.add(new ComparisonResult("pages-search", now, (i == 0) ? "mismatch" : "match", 200, 200, 12, 30,
					(i == 0) ? List.of("content[*].title") : List.of(), false, 0.8, 0.5,
					(i == 0) ? "primary 200: {\"content\":[]}\ncandidate 200: {}" : ""));
		}
		this.results.record(samples);
		assertThat(this.mvc.get().uri("/admin/migrations/pages-search").with(this.admin)).hasStatusOk()
			.bodyText()
			.contains("content[*].title")
			.contains("25.0%")
			.contains("candidate 200")
			.contains("overlap@10 0.800")
			.contains("Roll back");
		assertThat(this.mvc.get().uri("/admin/migrations").with(this.admin)).hasStatusOk()
			.bodyText()
			.contains("pages-search");

		// A method that may change data needs the confirmation.
		assertThat(form("/admin/migrations", "id", "pages-feedback", "method", "POST", "path", "/api/kb/feedback",
				"mirrorPercentage", "5", "noisePercentage", "0", "cutoverWeight", "0", "state", "shadow", "idField",
				"id", "k", "10", "relativeTolerance", "0", "absoluteTolerance", "0"))
			.hasStatusOk()
			.bodyText()
			.contains("only when you confirm");
		assertThat(this.routes.find("pages-feedback")).isEmpty();

		long version = this.routes.find("pages-search").orElseThrow().version();
		// Invalid values are shown next to their fields; nothing changes.
		assertThat(settings(version, "250", "0")).hasStatusOk()
			.bodyText()
			.contains("must be less than or equal to 100");
		assertThat(this.routes.find("pages-search").orElseThrow().version()).isEqualTo(version);
		// Cut over for a quarter of tenants.
		assertThat(settings(version, "100", "25")).hasStatus(HttpStatus.FOUND);
		assertThat(this.routes.find("pages-search").orElseThrow().cutoverWeight()).isEqualTo(25);
		// A form read before that change is stale: refused, the change kept.
		assertThat(settings(version, "100", "50")).hasStatusOk().bodyText().contains("Fetch them again");
		assertThat(this.routes.find("pages-search").orElseThrow().cutoverWeight()).isEqualTo(25);

		// The gate form validates its schedule.
		assertThat(form("/admin/migrations/pages-search/gate", "schedule", "0, 50, 25", "windowMinutes", "60",
				"minSamples", "10", "maxMismatchRate", "0.05", "maxErrorRate", "0.01", "maxP95Millis", "500",
				"fieldAbsoluteThreshold", "0.03", "fieldRelativeThreshold", "0.2"))
			.hasStatusOk()
			.bodyText()
			.contains("must rise");
		assertThat(form("/admin/migrations/pages-search/gate", "schedule", "0, 25, 100", "windowMinutes", "30",
				"minSamples", "10", "maxMismatchRate", "0.05", "maxErrorRate", "0.01", "maxP95Millis", "500",
				"fieldAbsoluteThreshold", "0.03", "fieldRelativeThreshold", "0.2"))
			.hasStatus(HttpStatus.FOUND);
		assertThat(this.routes.gate("pages-search").schedule()).containsExactly(0, 25, 100);

		assertThat(form("/admin/migrations/pages-search/rollback")).hasStatus(HttpStatus.FOUND);
		assertThat(this.routes.find("pages-search").orElseThrow().cutoverWeight()).isZero();
		assertThat(this.routes.find("pages-search").orElseThrow().state()).isEqualTo("rolled-back");
		// Who changed what, on the page.
		assertThat(this.mvc.get().uri("/admin/migrations/pages-search").with(this.admin)).hasStatusOk()
			.bodyText()
			.contains(this.tenant.admin());
	}

	@Test
	void onlyAdministratorsSeeThePages() {
		RequestPostProcessor agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
		assertThat(this.mvc.get().uri("/admin/migrations").with(agent)).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.post().uri("/admin/migrations/kb-search/rollback").with(agent).with(csrf()))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/admin/migrations/no-such-route").with(this.admin))
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	private MvcTestResult settings(long version, String mirror, String weight) {
		return form("/admin/migrations/pages-search", "version", Long.toString(version), "method", "GET", "path",
				"/api/kb/search", "mirrorPercentage", mirror, "noisePercentage", "10", "cutoverWeight", weight, "state",
				"shadow", "ignore", "took", "unordered", "", "relativeTolerance", "0", "absoluteTolerance", "0",
				"resultsPath", "content", "idField", "id", "k", "10");
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

}
