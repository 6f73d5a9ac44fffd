package banyan.llm;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The running service with its guardrails on, the offline {@code local} model, and a
 * model {@code gpt} whose OpenAI-compatible upstream WireMock plays. The security and
 * guardrail tests share this one context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "banyan.llm.providers.upstream.type=openai",
		"banyan.llm.models.gpt.targets[0].provider=upstream", "banyan.llm.models.gpt.targets[0].model=gpt-4o-mini",
		"banyan.llm.guardrails.canary=bnycanary-0123abcd", "banyan.llm.resilience.breaker-minimum-calls=1000",
		"banyan.llm.resilience.max-retries=0", "banyan.llm.providers.local.chunk-delay=0ms",
		"banyan.llm.identity.internal-token=" + GuardedServiceTests.INTERNAL_TOKEN })
public abstract class GuardedServiceTests {

	protected static final String INTERNAL_TOKEN = "guarded-internal-token";

	protected static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort());

	protected static final String PATH = "/v1/chat/completions";

	static {
		upstream.start();
	}

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("banyan.llm.providers.upstream.base-url", () -> upstream.baseUrl() + "/v1");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.resetAll();
	}

	@LocalServerPort
	protected int port;

	@BeforeEach
	void resetUpstream() {
		upstream.resetAll();
	}

	protected WebTestClient client(String bearer) {
		return WebTestClient.bindToServer()
			.defaultHeader(HttpHeaders.AUTHORIZATION, bearer)
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	protected static String body(String model, String prompt, boolean stream) {
		return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
				+ prompt + "\"}]}";
	}

	/** An OpenAI stream of these content pieces. */
	protected static ResponseDefinitionBuilder stream(String... pieces) {
		StringBuilder body = new StringBuilder();
		for (String piece : pieces) {
			body.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",")
				.append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
				.append(piece)
				.append("\"},\"finish_reason\":null}]}\n\n");
		}
		body.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",")
			.append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
			.append("data: [DONE]\n\n");
		return aResponse().withHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").withBody(body.toString());
	}

}
