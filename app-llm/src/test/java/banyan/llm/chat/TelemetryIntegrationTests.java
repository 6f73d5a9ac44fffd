package banyan.llm.chat;

import java.time.Duration;

import banyan.llm.Fixtures;
import banyan.llm.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see: trace context carried to the provider, GenAI metrics on the
 * Prometheus endpoint of the management port, and one structured log line per request.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "banyan.llm.resilience.initial-backoff=10ms",
				"banyan.llm.providers.flaky.type=openai", "banyan.llm.providers.steady.type=openai",
				"banyan.llm.models.traced.targets[0].provider=flaky", "banyan.llm.models.traced.targets[0].model=f",
				"banyan.llm.models.traced.targets[1].provider=steady", "banyan.llm.models.traced.targets[1].model=s",
				"banyan.llm.models.traced.input-price-per-million=2.5",
				"banyan.llm.models.traced.output-price-per-million=10" })
class TelemetryIntegrationTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		upstream.start();
		upstream.stubFor(post("/flaky/chat/completions").willReturn(aResponse().withStatus(503)));
		upstream.stubFor(post("/steady/chat/completions").inScenario("steady")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
				.withBody(Fixtures.named("openai/stream-with-usage.txt"))));
	}

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.flaky.base-url", () -> upstream.baseUrl() + "/flaky");
		registry.add("banyan.llm.providers.steady.base-url", () -> upstream.baseUrl() + "/steady");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void tracesMetersAndLogsARequestThatFellBack(CapturedOutput output) {
		WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer())
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/chat/stream")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"traced\",\"messages\":[{\"role\":\"user\",\"content\":\"secret question\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("event:end"));

		upstream.verify(postRequestedFor(urlEqualTo("/steady/chat/completions")).withHeader("traceparent",
				matching("00-" + TRACE_ID + "-[0-9a-f]{16}-01")));

		String metrics = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).containsPattern(
				"gen_ai_client_token_usage_tokens_sum\\{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"steady\",gen_ai_request_model=\"traced\",gen_ai_token_type=\"input\"} 19\\.0")
			.containsPattern(
					"gen_ai_client_operation_duration_seconds_count\\{banyan_outcome=\"ok\",[^}]*gen_ai_provider_name=\"steady\"[^}]*} 1")
			.containsPattern("gen_ai_client_operation_time_to_first_chunk_seconds_count\\{[^}]*} 1")
			.containsPattern("banyan_llm_provider_retries_total\\{gen_ai_provider_name=\"flaky\"} 2\\.0")
			.containsPattern("banyan_llm_provider_fallbacks_total\\{from=\"flaky\",to=\"steady\"} 1\\.0")
			.containsPattern("gen_ai_provider_attempt_seconds_count\\{[^}]*gen_ai_provider_name=\"flaky\"[^}]*} 3")
			.contains("resilience4j_circuitbreaker_state")
			// Spring Security's own observations are off: the request's spans it.
			.doesNotContain("spring_security_filterchains");

		assertThat(output.getOut()).containsPattern("\"request_id\":\"req_[0-9a-f]+\"")
			.contains("\"tenant\":\"" + TestTokens.TENANT + "\"", "\"key_id\":\"1\"")
			.contains("\"model\":\"traced\"", "\"provider\":\"steady\"", "\"attempts\":4", "\"fallbacks\":1",
					"\"input_tokens\":19", "\"output_tokens\":5", "\"cost\":\"0.0000975\"", "\"outcome\":\"ok\"")
			.contains(TRACE_ID)
			.doesNotContain("secret question");
		// The retries and the fallback are logged in the request's trace too.
		assertThat(output.getOut().lines().filter((line) -> line.contains("Retrying flaky"))).hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains(TRACE_ID));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Falling back from flaky to steady")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(TRACE_ID));
	}

}
