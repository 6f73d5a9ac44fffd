package banyan.gateway.system;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RAG across the three applications: app-llm follows app-legacy's article feed (the
 * sample knowledge base loaded on first start), and a client retrieves from it through
 * the gateway with the demo key.
 */
class RagSystemTests {

	private final RunningSystem system = RunningSystem.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theSampleKnowledgeBaseIsRetrievableThroughTheGateway() throws Exception {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			JsonNode found = search("how long does it take to charge the battery");
			assertThat(found.path("results").valueStream().map((hit) -> hit.path("title").asString()))
				.contains("Charging the battery");
		});
		JsonNode invoice = search("where can I download a VAT receipt for my invoices");
		assertThat(invoice.path("results").valueStream().map((hit) -> hit.path("title").asString()))
			.contains("Downloading invoices and VAT receipts");
	}

	private JsonNode search(String query) throws Exception {
		URI uri = this.system.gateway()
			.resolve("/rag/search?k=3&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + RunningSystem.API_KEY)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
