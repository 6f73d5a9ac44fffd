package banyan.gateway.system;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back office's articles through the gateway, across a restart of app-legacy.
 */
class ArticlesSystemTests {

	private final RunningSystem system = RunningSystem.get();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void articlesAnswerThroughTheGatewayAndSurviveARestart() throws Exception {
		HttpResponse<String> created = this.http
			.send(HttpRequest.newBuilder(this.system.gateway().resolve("/api/articles"))
				.header("Authorization", this.system.adminAuthorization())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"title\":\"Returning a parcel\",\"body\":\"Print the label from your orders page.\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(location).as("links name the gateway, not the application behind it")
			.startsWith(this.system.gateway() + "/api/articles/");

		this.system.restartLegacy();

		HttpResponse<String> fetched = this.http.send(HttpRequest.newBuilder(java.net.URI.create(location))
			.header("Authorization", this.system.adminAuthorization())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).contains("\"title\":\"Returning a parcel\"");
	}

	@Test
	void anAnonymousCallerIsAskedToSignInWithAProblemBody() throws Exception {
		HttpResponse<String> anonymous = this.http.send(
				HttpRequest.newBuilder(this.system.gateway().resolve("/api/articles")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void errorsFromTheBackOfficeReachTheClientAsProblemBodies() throws Exception {
		HttpResponse<String> missing = this.http
			.send(HttpRequest.newBuilder(this.system.gateway().resolve("/api/articles/999999999"))
				.header("Authorization", this.system.adminAuthorization())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(missing.body()).contains("https://banyan.dev/problems/not-found");
	}

}
