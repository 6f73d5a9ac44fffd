package banyan.legacy.kb;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class ArticleIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Articles articles;

	@Test
	void createsReadsRevisesAndDeletesAnArticle() {
		MvcTestResult created = post("{\"title\":\"Resetting a password\",\"body\":\"Open Settings, then Security.\"}");
		assertThat(created).hasStatus(HttpStatus.CREATED).hasHeader(HttpHeaders.ETAG, "\"0\"");
		String location = created.getResponse().getHeader(HttpHeaders.LOCATION);
		assertThat(location).matches(".*/api/articles/\\d+");
		String path = location.substring(location.indexOf("/api/"));

		assertThat(this.mvc.get().uri(path)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.title")
			.isEqualTo("Resetting a password");

		assertThat(this.mvc.put()
			.uri(path)
			.header(HttpHeaders.IF_MATCH, "\"0\"")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\":\"Resetting a password\",\"body\":\"Open Settings, then Security, then Reset.\"}"))
			.hasStatusOk()
			.hasHeader(HttpHeaders.ETAG, "\"1\"")
			.bodyJson()
			.extractingPath("$.body")
			.isEqualTo("Open Settings, then Security, then Reset.");

		assertThat(this.mvc.delete().uri(path)).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(this.mvc.get().uri(path)).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void listsArticlesPageByPageNewestFirst() {
		for (int i = 0; i < 3; i++) {
			assertThat(post("{\"title\":\"Paging " + i + "\",\"body\":\"b\"}")).hasStatus(HttpStatus.CREATED);
		}

		MvcTestResult page = this.mvc.get().uri("/api/articles?page=0&size=2").exchange();

		assertThat(page).hasStatusOk().bodyJson().extractingPath("$.content.length()").isEqualTo(2);
		assertThat(page).bodyJson().extractingPath("$.content[0].title").isEqualTo("Paging 2");
		assertThat(page).bodyJson().extractingPath("$.page.size").isEqualTo(2);
		assertThat(page).bodyJson()
			.extractingPath("$.page.totalElements")
			.asNumber()
			.satisfies((total) -> assertThat(total.longValue()).isGreaterThanOrEqualTo(3));
	}

	@Test
	void refusesAStaleWriteWithPreconditionFailed() {
		String path = path(post("{\"title\":\"Refund policy\",\"body\":\"30 days.\"}"));
		assertThat(put(path, "\"0\"", "{\"title\":\"Refund policy\",\"body\":\"45 days.\"}")).hasStatusOk();

		MvcTestResult stale = put(path, "\"0\"", "{\"title\":\"Refund policy\",\"body\":\"60 days.\"}");

		assertThat(stale).hasStatus(HttpStatus.PRECONDITION_FAILED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://banyan.dev/problems/stale-version");
		assertThat(this.mvc.get().uri(path)).bodyJson().extractingPath("$.body").isEqualTo("45 days.");
	}

	@Test
	void concurrentRevisionOfTheSameVersionLosesNoUpdate() {
		Article saved = this.articles.save(Article.write("Shipping", "2 days", java.time.Instant.now()));
		Article first = this.articles.findById(saved.id()).orElseThrow();
		Article second = this.articles.findById(saved.id()).orElseThrow();
		first.revise("Shipping", "3 days", java.time.Instant.now());
		this.articles.save(first);
		second.revise("Shipping", "4 days", java.time.Instant.now());

		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> this.articles.save(second)))
			.isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);
		assertThat(this.articles.findById(saved.id()).orElseThrow().body()).isEqualTo("3 days");
	}

	@Test
	void answersInvalidFieldsWithAProblemListingThem() {
		MvcTestResult result = post("{\"title\":\"\",\"body\":\"x\"}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://banyan.dev/problems/invalid-request");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("title");
	}

	@Test
	void answersMalformedJsonWithAProblemAndNoInternals() throws Exception {
		MvcTestResult result = post("{\"title\": \"unterminated");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://banyan.dev/problems/malformed-request");
		assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception").doesNotContain("at ");
	}

	@Test
	void answersAnUnknownArticleWithNotFoundProblem() {
		assertThat(this.mvc.get().uri("/api/articles/987654321")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No article has the id 987654321.");
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private MvcTestResult put(String path, String ifMatch, String json) {
		return this.mvc.put()
			.uri(path)
			.header(HttpHeaders.IF_MATCH, ifMatch)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	private static String path(MvcTestResult created) {
		String location = created.getResponse().getHeader(HttpHeaders.LOCATION);
		return location.substring(location.indexOf("/api/"));
	}

}
