package banyan.legacy.feed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import banyan.contracts.kb.ArticleChange;
import banyan.legacy.LegacyApplication;
import banyan.legacy.TestTenants;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change feed across a restart of app-legacy: every change once, in order, from any
 * cursor.
 */
class ArticleFeedIntegrationTests {

	private static final String TOKEN = "feed-test-token-0123456789";

	private final HttpClient http = HttpClient.newHttpClient();

	private String user;

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	@Test
	void deliversEveryChangeOnceInOrderAcrossARestart() throws Exception {
		Path data = Path.of("target", "test-databases", "feed-restart-" + UUID.randomUUID());
		long before;
		TestTenants.TestTenant tenant;
		long refunds;
		long shipping;
		try (ConfigurableApplicationContext legacy = start(data)) {
			int port = port(legacy);
			tenant = legacy.getBean(TestTenants.class).create();
			this.user = tenant.agent();
			before = latestCursor(port);
			refunds = write(port, "Refunds", "30 days.");
			shipping = write(port, "Shipping", "Two days.");
			post(port, "/api/articles/" + refunds + "/publish", null);
			post(port, "/api/articles/" + shipping + "/publish", null);
			put(port, "/api/articles/" + refunds, "{\"title\":\"Refunds\",\"body\":\"45 days.\"}");
			post(port, "/api/articles/" + shipping + "/archive", null);
		}

		try (ConfigurableApplicationContext legacy = start(data)) {
			int port = port(legacy);
			List<ArticleChange> changes = new ArrayList<>();
			long cursor = before;
			while (true) {
				ArticleChange.Page page = feed(port, cursor, 2);
				if (page.changes().isEmpty()) {
					assertThat(page.cursor()).isEqualTo(cursor);
					break;
				}
				changes.addAll(page.changes());
				cursor = page.cursor();
			}

			assertThat(changes).extracting(ArticleChange::kind, ArticleChange::articleId)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(ArticleChange.Kind.PUBLISHED, refunds),
						org.assertj.core.groups.Tuple.tuple(ArticleChange.Kind.PUBLISHED, shipping),
						org.assertj.core.groups.Tuple.tuple(ArticleChange.Kind.UPDATED, refunds),
						org.assertj.core.groups.Tuple.tuple(ArticleChange.Kind.RETRACTED, shipping));
			assertThat(changes).extracting(ArticleChange::seq).isSorted().doesNotHaveDuplicates();
			assertThat(changes.get(2).body()).isEqualTo("45 days.");
			assertThat(changes.get(0).body()).as("each entry carries the content of its own version")
				.isEqualTo("30 days.");
			assertThat(changes.get(3).body()).isNull();
			String tenantId = tenant.id();
			assertThat(changes).allSatisfy((change) -> assertThat(change.tenant()).isEqualTo(tenantId));
		}
	}

	private ConfigurableApplicationContext start(Path data) {
		return new SpringApplicationBuilder(LegacyApplication.class).run("--server.port=0",
				"--banyan.database.embedded.data-directory=" + data, "--banyan.security.internal-token=" + TOKEN);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * The cursor after everything already in the feed (which may hold other tests'
	 * changes).
	 */
	private long latestCursor(int port) throws Exception {
		long cursor = 0;
		for (ArticleChange.Page page = feed(port, cursor, 500); !page.changes().isEmpty(); page = feed(port, cursor,
				500)) {
			cursor = page.cursor();
		}
		return cursor;
	}

	private ArticleChange.Page feed(int port, long after, int limit) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI
				.create("http://localhost:" + port + "/internal/feed/articles?after=" + after + "&limit=" + limit))
			.header("Authorization", "Bearer " + TOKEN)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readValue(response.body(), ArticleChange.Page.class);
	}

	private long write(int port, String title, String body) throws Exception {
		String created = post(port, "/api/articles", "{\"title\":\"" + title + "\",\"body\":\"" + body + "\"}");
		return this.json.readTree(created).path("id").asLong();
	}

	private String post(int port, String path, String json) throws Exception {
		return send(port, "POST", path, json, 0);
	}

	private void put(int port, String path, String json) throws Exception {
		send(port, "PUT", path, json, 200);
	}

	private String send(int port, String method, String path, String json, int expected) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((this.user + ":" + TestTenants.PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body())
			.isIn((expected != 0) ? List.of(expected) : List.of(200, 201));
		return response.body();
	}

}
