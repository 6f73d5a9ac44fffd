package banyan.legacy.kb;

import java.util.List;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

@SpringBootTest
@AutoConfigureMockMvc
class ArticleIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ArticleManagement management;

	@Autowired
	TestTenants testTenants;

	TestTenant tenant;

	RequestPostProcessor agent;

	@BeforeEach
	void signIn() {
		this.tenant = this.testTenants.create();
		this.agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
	}

	@Test
	void writesReadsRevisesAndDeletesAnArticle() {
		MvcTestResult created = post("""
				{"title":"Resetting a password","body":"Open Settings, then Security.",
				 "dataDomain":"accounts","tags":["Password"," login "]}""");
		assertThat(created).hasStatus(HttpStatus.CREATED).hasHeader(HttpHeaders.ETAG, "\"0\"");
		assertThat(created).bodyJson().extractingPath("$.status").isEqualTo("DRAFT");
		assertThat(created).bodyJson().extractingPath("$.tags").isEqualTo(List.of("login", "password"));
		String path = path(created);

		assertThat(this.mvc.get().uri(path).with(this.agent)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.dataDomain")
			.isEqualTo("accounts");

		assertThat(put(path, "\"0\"", "{\"title\":\"Resetting a password\",\"body\":\"Settings, Security, Reset.\"}"))
			.hasStatusOk()
			.hasHeader(HttpHeaders.ETAG, "\"1\"")
			.bodyJson()
			.extractingPath("$.body")
			.isEqualTo("Settings, Security, Reset.");
		assertThat(this.mvc.get().uri(path + "/versions").with(this.agent)).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].version")
			.isEqualTo(List.of(1, 0));

		assertThat(this.mvc.delete().uri(path).with(this.agent)).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(this.mvc.get().uri(path).with(this.agent)).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void listsTheTenantsArticlesPageByPageNewestFirst() {
		for (int i = 0; i < 3; i++) {
			assertThat(post("{\"title\":\"Paging " + i + "\",\"body\":\"b\"}")).hasStatus(HttpStatus.CREATED);
		}

		MvcTestResult page = this.mvc.get().uri("/api/articles?page=0&size=2").with(this.agent).exchange();

		assertThat(page).hasStatusOk().bodyJson().extractingPath("$.content.length()").isEqualTo(2);
		assertThat(page).bodyJson().extractingPath("$.content[0].title").isEqualTo("Paging 2");
		assertThat(page).bodyJson().extractingPath("$.page.totalElements").isEqualTo(3);
	}

	@Test
	void movesThroughTheLifecycleAndRefusesTransitionsItDoesNotAllow() {
		String path = path(post("{\"title\":\"Shipping times\",\"body\":\"Two days.\"}"));

		assertThat(lifecycle(path, "archive")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://banyan.dev/problems/invalid-transition");
		assertThat(lifecycle(path, "publish")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("PUBLISHED");
		assertThat(lifecycle(path, "publish")).hasStatus(HttpStatus.CONFLICT);
		assertThat(lifecycle(path, "archive")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("ARCHIVED");
		assertThat(put(path, null, "{\"title\":\"Shipping times\",\"body\":\"Three days.\"}"))
			.hasStatus(HttpStatus.CONFLICT);
		assertThat(lifecycle(path, "publish")).hasStatusOk();
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
		assertThat(this.mvc.get().uri(path).with(this.agent)).bodyJson().extractingPath("$.body").isEqualTo("45 days.");
	}

	@Test
	void concurrentRevisionsOfOneVersionLoseNoUpdate() throws Exception {
		Article article = this.management.write(this.tenant.id(),
				new ArticleContent("Shipping", "2 days", "general", List.of()), "test");
		long id = article.id();
		var start = new java.util.concurrent.CountDownLatch(1);
		var outcomes = new java.util.concurrent.ConcurrentLinkedQueue<Object>();
		List<Thread> writers = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String body = (i + 3) + " days";
			writers.add(Thread.ofVirtual().start(() -> {
				try {
					start.await();
					outcomes.add(this.management.revise(this.tenant.id(), id, 0L,
							new ArticleContent("Shipping", body, "general", List.of()), "test"));
				}
				catch (Exception ex) {
					outcomes.add(ex);
				}
			}));
		}
		start.countDown();
		for (Thread writer : writers) {
			writer.join();
		}

		List<Article> winners = outcomes.stream().filter(Article.class::isInstance).map(Article.class::cast).toList();
		assertThat(winners).hasSize(1);
		assertThat(outcomes).filteredOn(Exception.class::isInstance)
			.hasSize(7)
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfAny(StaleArticleVersion.class,
					org.springframework.dao.OptimisticLockingFailureException.class));
		Article stored = this.management.find(this.tenant.id(), id);
		assertThat(stored.body()).isEqualTo(winners.getFirst().body());
		assertThat(stored.version()).isEqualTo(1L);
	}

	@Test
	void neverShowsAnotherTenantsArticle() {
		String path = path(post("{\"title\":\"Internal pricing\",\"body\":\"Secret.\"}"));
		TestTenant other = this.testTenants.create();
		RequestPostProcessor otherAgent = httpBasic(other.agent(), TestTenants.PASSWORD);

		assertThat(this.mvc.get().uri(path).with(otherAgent)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.put()
			.uri(path)
			.with(otherAgent)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\":\"x\",\"body\":\"y\"}")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/api/articles").with(otherAgent)).bodyJson()
			.extractingPath("$.page.totalElements")
			.isEqualTo(0);
	}

	@Test
	void answersInvalidFieldsWithAProblemListingThem() {
		MvcTestResult result = post("{\"title\":\"\",\"body\":\"x\",\"dataDomain\":\"Not Valid\"}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://banyan.dev/problems/invalid-request");
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("title", "dataDomain");
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
	void refusesAnAnonymousCallerWithAnUnauthorizedProblem() {
		assertThat(this.mvc.get().uri("/api/articles")).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("WWW-Authenticate", "Basic realm=\"banyan\"");
		assertThat(this.mvc.get().uri("/api/articles").with(httpBasic(this.tenant.agent(), "wrong password")))
			.hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void concurrentRawSavesOfOneVersionAreCaughtByTheVersionColumn() {
		Article article = this.management.write(this.tenant.id(),
				new ArticleContent("Returns", "14 days", "general", List.of()), "test");
		Article first = this.management.find(this.tenant.id(), article.id());
		Article second = this.management.find(this.tenant.id(), article.id());
		first.revise(new ArticleContent("Returns", "30 days", "general", List.of()), java.time.Instant.now());
		second.revise(new ArticleContent("Returns", "60 days", "general", List.of()), java.time.Instant.now());
		this.articles.save(first);

		assertThat(catchThrowable(() -> this.articles.save(second)))
			.isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);
		assertThat(this.management.find(this.tenant.id(), article.id()).body()).isEqualTo("30 days");
	}

	@Autowired
	Articles articles;

	private MvcTestResult post(String json) {
		return this.mvc.post()
			.uri("/api/articles")
			.with(this.agent)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	private MvcTestResult put(String path, String ifMatch, String json) {
		var request = this.mvc.put().uri(path).with(this.agent).contentType(MediaType.APPLICATION_JSON).content(json);
		if (ifMatch != null) {
			request = request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return request.exchange();
	}

	private MvcTestResult lifecycle(String path, String action) {
		return this.mvc.post().uri(path + "/" + action).with(this.agent).exchange();
	}

	private static String path(MvcTestResult created) {
		String location = created.getResponse().getHeader(HttpHeaders.LOCATION);
		return location.substring(location.indexOf("/api/"));
	}

}
