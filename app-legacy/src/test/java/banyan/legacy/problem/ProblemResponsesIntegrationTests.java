package banyan.legacy.problem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import banyan.legacy.TestTenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors seen by a client of the running server (not MockMvc) are problem bodies without
 * internals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProblemResponsesIntegrationTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	TestTenants testTenants;

	private String agent;

	@BeforeEach
	void signIn() {
		this.agent = this.testTenants.create().agent();
	}

	@Test
	void answersAnUnknownPathWithNotFoundProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/nothing-here")).GET().build());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"https://banyan.dev/problems/not-found\"");
	}

	@Test
	void answersAnUnsupportedMethodWithAProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/articles"))
			.method("PATCH", HttpRequest.BodyPublishers.noBody())
			.build());

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void answersAWrongContentTypeWithAProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/articles"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("title=x"))
			.build());

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		HttpRequest signedIn = HttpRequest.newBuilder(request, (name, value) -> true)
			.header("Authorization",
					"Basic " + java.util.Base64.getEncoder()
						.encodeToString((this.agent + ":" + TestTenants.PASSWORD)
							.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.build();
		return this.http.send(signedIn, HttpResponse.BodyHandlers.ofString());
	}

}
