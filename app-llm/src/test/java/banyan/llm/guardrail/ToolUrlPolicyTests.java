package banyan.llm.guardrail;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tool URL allow-list: what it lets through, and that a refused call never leaves the
 * process.
 */
class ToolUrlPolicyTests {

	static final WireMockServer target = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		target.start();
	}

	@AfterAll
	static void stop() {
		target.stop();
	}

	private static ToolUrlPolicy policy(String... hosts) {
		GuardrailSettings settings = new GuardrailSettings(16384, false, 0.62, 32, true,
				java.time.Duration.ofMillis(100), "", "c", List.of(hosts));
		return new ToolUrlPolicy(settings, new GuardrailEvents(new SimpleMeterRegistry()));
	}

	@Test
	void allowsListedHostsPortsAndSubdomainsOverHttpOnly() {
		ToolUrlPolicy policy = policy("http://legacy.internal", "http://localhost:8081/api", "*.example.com");
		assertThat(policy.allows(URI.create("http://legacy.internal/api/tickets/1"))).isTrue();
		assertThat(policy.allows(URI.create("http://legacy.internal:80/x"))).isTrue();
		assertThat(policy.allows(URI.create("http://localhost:8081/api/tickets"))).isTrue();
		assertThat(policy.allows(URI.create("https://api.example.com/x"))).isTrue();
		assertThat(policy.allows(URI.create("http://localhost:8081/internal/keys"))).isFalse();
		assertThat(policy.allows(URI.create("http://localhost:8081/apiary"))).isFalse();
		assertThat(policy.allows(URI.create("https://legacy.internal/"))).isFalse();
		assertThat(policy.allows(URI.create("http://localhost:9999/api"))).isFalse();
		assertThat(policy.allows(URI.create("http://169.254.169.254/latest/meta-data"))).isFalse();
		assertThat(policy.allows(URI.create("http://example.com.evil.net/"))).isFalse();
		assertThat(policy.allows(URI.create("file:///etc/passwd"))).isFalse();
		assertThat(policy.allows(URI.create("gopher://legacy.internal/"))).isFalse();
	}

	@Test
	void aRefusedCallNeverReachesTheNetwork() {
		WebClient client = WebClient.builder()
			.filter(policy("http://legacy.internal").filter("ticket_status",
					URI.create("http://legacy.internal:8081/api")))
			.build();
		assertThatThrownBy(() -> client.get()
			.uri(target.baseUrl() + "/secret")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5))).isInstanceOf(ToolUrlPolicy.ToolUrlRefused.class)
			.hasMessageContaining("not on the tool URL allow-list");
		target.verify(0, anyRequestedFor(anyUrl()));
	}

}
