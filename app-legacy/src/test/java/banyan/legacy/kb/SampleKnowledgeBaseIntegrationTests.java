package banyan.legacy.kb;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import banyan.contracts.kb.KbSearchPage;
import banyan.legacy.TestTenants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped sample knowledge base, and how the legacy search ranks it: named queries,
 * as users would type them, with the article that must come first.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleKnowledgeBaseIntegrationTests {

	@Autowired
	ArticleManagement management;

	@Autowired
	ArticleSearch search;

	@Autowired
	TestTenants testTenants;

	String tenant;

	@BeforeAll
	void publishTheSampleIntoAFreshTenant() throws Exception {
		this.tenant = this.testTenants.create().id();
		for (SampleKnowledgeBase.Sample sample : SampleKnowledgeBase.load()) {
			long id = this.management.write(this.tenant, sample.content(), "test").id();
			this.management.publish(this.tenant, id, null, "test");
		}
	}

	@Test
	void hasAtLeastSixtyArticlesInAtLeastThreeDataDomainsWithDistinctTitles() throws Exception {
		List<SampleKnowledgeBase.Sample> samples = SampleKnowledgeBase.load();
		Map<String, Long> perDomain = samples.stream()
			.collect(Collectors.groupingBy((sample) -> sample.content().dataDomain(), Collectors.counting()));

		assertThat(samples).hasSizeGreaterThanOrEqualTo(60);
		assertThat(perDomain).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((domain, count) -> assertThat(count).isGreaterThanOrEqualTo(10));
		assertThat(samples).extracting((sample) -> sample.content().title()).doesNotHaveDuplicates();
		assertThat(samples).allSatisfy((sample) -> assertThat(sample.content().tags()).isNotEmpty());
	}

	@ParameterizedTest(name = "\"{0}\" finds \"{1}\" first")
	@CsvSource(delimiter = '|', textBlock = """
			forgot my password                    | Resetting your password
			charger light stays red               | The battery does not charge
			pause subscription holiday            | Pausing your subscription and what it costs
			theft excess                          | Theft cover and the police report
			cancel subscription notice period     | Cancelling your subscription
			missed delivery                       | Missed delivery
			flat tyre                             | Flat tyre: what to do
			invoice VAT                           | Downloading invoices and VAT receipts
			turn on two-step verification         | Two-step verification
			battery range kilometres              | How far one battery charge takes you
			lost key fee                          | Fees for damage, lost keys and lost batteries
			child seat cargo model                | Carrying children and luggage
			""")
	void ranksTheRightArticleFirst(String query, String expectedTitle) {
		KbSearchPage page = this.search.search(this.tenant, query, 0, 5);

		assertThat(page.results()).isNotEmpty();
		assertThat(page.results().getFirst().title())
			.as("first result for \"%s\" of %s", query, page.results().stream().map(KbSearchPage.Hit::title).toList())
			.isEqualTo(expectedTitle);
	}

}
