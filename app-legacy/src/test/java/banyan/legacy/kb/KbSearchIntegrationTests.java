package banyan.legacy.kb;

import java.util.List;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * The legacy search contract ({@code banyan.contracts.kb.KbSearchPage}), pinned.
 */
@SpringBootTest
@AutoConfigureMockMvc
class KbSearchIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ArticleManagement management;

	@Autowired
	TestTenants testTenants;

	TestTenant tenant;

	RequestPostProcessor agent;

	long refunds;

	long invoices;

	long shipping;

	@BeforeEach
	void knowledgeBase() {
		this.tenant = this.testTenants.create();
		this.agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
		this.refunds = published("Refunds for damaged parcels",
				"If a parcel arrives damaged, request a refund within 30 days from the orders page.", "billing");
		this.invoices = published("Downloading invoices",
				"Invoices are in the billing section. A refund appears as a credit note on the next invoice.",
				"billing");
		this.shipping = published("Shipping times", "Parcels ship within two working days.", "logistics");
		write("Draft: refund policy changes", "Refund windows will change next year.");
	}

	@Test
	void ranksATitleMatchAboveABodyMatch() {
		MvcTestResult result = search("q=refund");

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson()
			.extractingPath("$.results[*].id")
			.asArray()
			.containsExactly((int) this.refunds, (int) this.invoices);
		assertThat(result).bodyJson().extractingPath("$.totalElements").isEqualTo(2);
		assertThat(result).bodyJson().extractingPath("$.results[0].dataDomain").isEqualTo("billing");
		assertThat(result).bodyJson().extractingPath("$.results[0].snippet").asString().contains("refund");
	}

	@Test
	void findsOnlyPublishedArticlesOfTheCallersTenant() {
		TestTenant other = this.testTenants.create();

		assertThat(search("q=refund%20windows")).bodyJson().extractingPath("$.totalElements").isEqualTo(0);
		assertThat(this.mvc.get().uri("/api/kb/search?q=refund").with(httpBasic(other.agent(), TestTenants.PASSWORD)))
			.bodyJson()
			.extractingPath("$.totalElements")
			.isEqualTo(0);
	}

	@Test
	void pagesWithStableTotals() {
		MvcTestResult second = search("q=refund&page=1&size=1");

		assertThat(second).bodyJson().extractingPath("$.results[*].id").asArray().containsExactly((int) this.invoices);
		assertThat(second).bodyJson().extractingPath("$.totalPages").isEqualTo(2);
		MvcTestResult beyond = search("q=refund&page=5&size=1");
		assertThat(beyond).hasStatusOk().bodyJson().extractingPath("$.results").asArray().isEmpty();
		assertThat(beyond).bodyJson().extractingPath("$.totalElements").isEqualTo(2);
	}

	@Test
	void understandsQuotedPhrasesAndExclusions() {
		assertThat(search("q=%22two%20working%20days%22")).bodyJson()
			.extractingPath("$.results[*].id")
			.asArray()
			.containsExactly((int) this.shipping);
		assertThat(search("q=refund%20-invoice")).bodyJson()
			.extractingPath("$.results[*].id")
			.asArray()
			.containsExactly((int) this.refunds);
	}

	@Test
	void retractedArticlesLeaveTheResults() {
		this.management.archive(this.tenant.id(), this.refunds, null, "test");

		assertThat(search("q=refund")).bodyJson()
			.extractingPath("$.results[*].id")
			.asArray()
			.containsExactly((int) this.invoices);
	}

	@ParameterizedTest
	@ValueSource(strings = { "q=", "q=%20", "size=10", "q=refund&size=0", "q=refund&size=51", "q=refund&page=-1",
			"q=refund&page=1001", "q=refund&size=ten" })
	void refusesParametersOutsideTheContract(String query) {
		assertThat(search(query)).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private MvcTestResult search(String query) {
		return this.mvc.get().uri(java.net.URI.create("/api/kb/search?" + query)).with(this.agent).exchange();
	}

	private long published(String title, String body, String domain) {
		long id = this.management.write(this.tenant.id(), new ArticleContent(title, body, domain, List.of()), "test")
			.id();
		this.management.publish(this.tenant.id(), id, null, "test");
		return id;
	}

	private void write(String title, String body) {
		this.management.write(this.tenant.id(), new ArticleContent(title, body, "general", List.of()), "test");
	}

}
