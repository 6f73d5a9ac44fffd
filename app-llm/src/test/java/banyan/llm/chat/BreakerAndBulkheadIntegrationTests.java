package banyan.llm.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import banyan.llm.Fixtures;
import banyan.llm.TestTokens;
import banyan.llm.catalog.Model;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circuit breaker and the bulkhead of each target: a target that keeps failing is
 * skipped, then probed again; a target at its limit of calls in flight is skipped.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "banyan.llm.resilience.max-retries=0",
		"banyan.llm.resilience.breaker-minimum-calls=2", "banyan.llm.resilience.breaker-window=2",
		"banyan.llm.resilience.breaker-failure-rate=50", "banyan.llm.resilience.breaker-open-for=1s",
		"banyan.llm.resilience.breaker-probes=1", "banyan.llm.resilience.max-concurrent-calls-per-target=1",
		"banyan.llm.resilience.first-token-timeout=5s", "banyan.llm.providers.primary.type=openai",
		"banyan.llm.providers.secondary.type=openai", "banyan.llm.models.chain.targets[0].provider=primary",
		"banyan.llm.models.chain.targets[0].model=big", "banyan.llm.models.chain.targets[1].provider=secondary",
		"banyan.llm.models.chain.targets[1].model=small", "banyan.llm.models.limited.targets[0].provider=primary",
		"banyan.llm.models.limited.targets[0].model=mini", "banyan.llm.models.limited.targets[1].provider=secondary",
		"banyan.llm.models.limited.targets[1].model=small" })
class BreakerAndBulkheadIntegrationTests {

	static final WireMockServer primary = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer secondary = new WireMockServer(wireMockConfig().dynamicPort());

	static final String PATH = "/v1/chat/completions";

	static final Model.Target PRIMARY = new Model.Target("primary", "big");

	static {
		primary.start();
		secondary.start();
	}

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.primary.base-url", () -> primary.baseUrl() + "/v1");
		registry.add("banyan.llm.providers.secondary.base-url", () -> secondary.baseUrl() + "/v1");
	}

	@AfterAll
	static void stop() {
		primary.stop();
		secondary.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	ProviderRouting routing;

	@BeforeEach
	void reset() {
		primary.resetAll();
		secondary.resetAll();
		secondary.stubFor(post(PATH).willReturn(stream()));
	}

	@Test
	void opensTheBreakerOnAFailingTargetAndProbesItAgainLater() throws Exception {
		primary.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));

		assertThat(lastEvent(chat())).isEqualTo("end");
		assertThat(lastEvent(chat())).isEqualTo("end");
		assertThat(this.routing.breakerState(PRIMARY)).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(lastEvent(chat())).isEqualTo("end");

		primary.verify(2, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(3, postRequestedFor(urlEqualTo(PATH)));

		primary.resetAll();
		primary.stubFor(post(PATH).willReturn(stream()));
		Thread.sleep(1_200);
		assertThat(lastEvent(chat())).isEqualTo("end");
		assertThat(lastEvent(chat())).isEqualTo("end");

		primary.verify(2, postRequestedFor(urlEqualTo(PATH)));
		assertThat(this.routing.breakerState(PRIMARY)).isEqualTo(CircuitBreaker.State.CLOSED);
		secondary.verify(3, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void sendsACallOverTheTargetsLimitToTheNextTarget() {
		primary.stubFor(post(PATH).willReturn(stream().withFixedDelay(1_500)));

		CompletableFuture<List<ServerSentEvent<String>>> first = CompletableFuture.supplyAsync(() -> chat("limited"));
		awaitCall();
		List<ServerSentEvent<String>> second = chat("limited");

		assertThat(lastEvent(first.join())).isEqualTo("end");
		assertThat(lastEvent(second)).isEqualTo("end");
		primary.verify(1, postRequestedFor(urlEqualTo(PATH)));
		secondary.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	private static void awaitCall() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (primary.getAllServeEvents().isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
	}

	private List<ServerSentEvent<String>> chat() {
		return chat("chain");
	}

	private List<ServerSentEvent<String>> chat(String model) {
		return WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer())
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.filter((event) -> event.event() != null)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private static String lastEvent(List<ServerSentEvent<String>> events) {
		return events.getLast().event();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder stream() {
		return aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody(Fixtures.named("openai/stream-without-usage.txt"));
	}

}
