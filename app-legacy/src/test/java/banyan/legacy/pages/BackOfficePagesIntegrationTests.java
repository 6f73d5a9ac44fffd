package banyan.legacy.pages;

import java.util.List;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import banyan.legacy.kb.ArticleContent;
import banyan.legacy.kb.ArticleManagement;
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
 * The server-rendered back office: plain forms that validate, show errors, and respect
 * roles and tenants.
 */
@SpringBootTest
@AutoConfigureMockMvc
class BackOfficePagesIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	@Autowired
	ArticleManagement articles;

	TestTenant tenant;

	RequestPostProcessor agent;

	RequestPostProcessor admin;

	@BeforeEach
	void signIn() {
		this.tenant = this.testTenants.create();
		this.agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
		this.admin = httpBasic(this.tenant.admin(), TestTenants.PASSWORD);
	}

	@Test
	void writesAnArticleThroughTheFormAndListsIt() {
		MvcTestResult saved = form("/admin/articles", this.agent, "title", "Charging at work", "body",
				"Bring the charger.", "dataDomain", "bikes", "tags", "battery, work", "version", "");
		assertThat(saved).hasStatus(HttpStatus.FOUND);
		String location = saved.getResponse().getRedirectedUrl();
		assertThat(location).matches("/admin/articles/\\d+");
		assertThat(saved.getMvcResult().getFlashMap().get("notice")).isEqualTo("Draft saved.");

		assertThat(this.mvc.get().uri(location).with(this.agent)).hasStatusOk()
			.bodyText()
			.contains("Charging at work")
			.contains("battery, work")
			.contains("Publish");
		assertThat(this.mvc.get().uri("/admin/articles").with(this.agent)).hasStatusOk()
			.bodyText()
			.contains("Charging at work");
	}

	@Test
	void showsValidationErrorsNextToTheFields() {
		MvcTestResult invalid = form("/admin/articles", this.agent, "title", "", "body", "x", "dataDomain", "Not Valid",
				"tags", "", "version", "");

		assertThat(invalid).hasStatusOk()
			.bodyText()
			.contains("must not be blank")
			.contains("must be lowercase letters");
	}

	@Test
	void tellsTheEditorWhenSomeoneElseSavedFirst() {
		long id = this.articles
			.write(this.tenant.id(), new ArticleContent("Tyres", "Pump them.", "bikes", List.of()), "test")
			.id();
		this.articles.revise(this.tenant.id(), id, 0L,
				new ArticleContent("Tyres", "Pump them weekly.", "bikes", List.of()), "someone else");

		MvcTestResult stale = form("/admin/articles/" + id, this.agent, "title", "Tyres", "body", "Pump them daily.",
				"dataDomain", "bikes", "tags", "", "version", "0");

		assertThat(stale).hasStatusOk().bodyText().contains("is at version 1");
		assertThat(this.articles.find(this.tenant.id(), id).body()).isEqualTo("Pump them weekly.");
	}

	@Test
	void searchesPublishedArticles() {
		long id = this.articles
			.write(this.tenant.id(),
					new ArticleContent("Winter riding", "Store the battery indoors.", "bikes", List.of()), "test")
			.id();
		this.articles.publish(this.tenant.id(), id, null, "test");

		assertThat(this.mvc.get().uri("/admin/search?q=battery+indoors").with(this.agent)).hasStatusOk()
			.bodyText()
			.contains("Winter riding")
			.contains("1</span> published article(s) match");
	}

	@Test
	void refusesAnAgentTheAdministrationPages() {
		assertThat(this.mvc.get().uri("/admin/tenants").with(this.agent)).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/admin/users").with(this.agent)).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/admin/tenants").with(this.admin)).hasStatusOk();
	}

	@Test
	void showsANewKeyOnceAfterIssuingIt() {
		MvcTestResult issued = form("/admin/tenants/" + this.tenant.id() + "/keys", this.admin, "name", "mobile app",
				"allowedModels", "local", "rateTier", "standard", "dataDomains", "bikes, billing");
		assertThat(issued).hasStatus(HttpStatus.FOUND);
		Object key = issued.getMvcResult().getFlashMap().get("issuedKey");
		assertThat(key).asString().startsWith("bk_");

		assertThat(this.mvc.get().uri("/admin/tenants/" + this.tenant.id()).with(this.admin)).hasStatusOk()
			.bodyText()
			.contains("mobile app")
			.contains(((String) key).substring(0, 11))
			.doesNotContain((String) key);
	}

	@Test
	void refusesAFormWithoutTheCsrfToken() {
		assertThat(this.mvc.post()
			.uri("/admin/articles")
			.with(this.agent)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("title", "x")
			.param("body", "y")).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void hidesAnotherTenantsArticle() {
		long id = this.articles
			.write(this.tenant.id(), new ArticleContent("Ours", "Only ours.", "general", List.of()), "test")
			.id();
		RequestPostProcessor stranger = httpBasic(this.testTenants.create().agent(), TestTenants.PASSWORD);

		assertThat(this.mvc.get().uri("/admin/articles/" + id).with(stranger)).hasStatus(HttpStatus.NOT_FOUND);
	}

	private MvcTestResult form(String path, RequestPostProcessor user, String... fields) {
		var request = this.mvc.post()
			.uri(path)
			.with(user)
			.with(csrf())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		for (int i = 0; i < fields.length; i += 2) {
			request = request.param(fields[i], fields[i + 1]);
		}
		return request.exchange();
	}

}
