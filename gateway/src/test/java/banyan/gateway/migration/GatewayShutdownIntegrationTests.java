package banyan.gateway.migration;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import banyan.contracts.migration.ComparisonResult;
import banyan.gateway.GatewayApplication;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway stops cleanly while it polls the control plane: the timers stop before
 * Reactor Netty's event loops are shut down (which wait for a quiet period without new
 * tasks, and otherwise give up with an error after their timeout), and the mirror results
 * still queued are sent. In a JVM of its own, because closing a gateway releases Reactor
 * Netty's global resources, which the other tests' cached contexts share.
 */
class GatewayShutdownIntegrationTests {

	private final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	@AfterEach
	void stopLegacy() {
		this.legacy.stop();
	}

	@Test
	void stopsItsTimersBeforeTheEventLoopsWhileAppLegacyIsDown() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String output = runAndClose("http://localhost:" + closedPort);
		assertThat(output).as("the gateway started, polled and was closed").contains("closed");
		assertThat(output).doesNotContain("Failed to stop bean").doesNotContain("couldn't be disposed");
	}

	@Test
	void sendsTheQueuedMirrorResultsWhenItStops() throws Exception {
		this.legacy.start();
		this.legacy.stubFor(get("/internal/migrations").willReturn(okJson("{\"version\":1,\"routes\":[]}")));
		this.legacy.stubFor(post("/internal/migrations/results").willReturn(aResponse().withStatus(202)));
		String output = runAndClose(this.legacy.baseUrl());
		assertThat(output).as("the gateway started, polled and was closed").contains("closed");
		assertThat(output).doesNotContain("Failed to stop bean");
		this.legacy.verify(1, postRequestedFor(urlPathEqualTo("/internal/migrations/results")));
	}

	/** Runs a {@link StoppedGateway} against app-legacy at the URI; its output. */
	private static String runAndClose(String legacyUri) throws IOException, InterruptedException {
		Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StoppedGateway.class.getName(), legacyUri)
			.redirectErrorStream(true)
			.start();
		try {
			String output = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(gateway.waitFor(2, TimeUnit.MINUTES)).isTrue();
			return output;
		}
		finally {
			gateway.destroyForcibly();
		}
	}

	/**
	 * A gateway that polls app-legacy every 100 ms until a poll has succeeded or two have
	 * failed, queues one mirror result (its results are otherwise sent only every hour),
	 * and is closed.
	 */
	static final class StoppedGateway {

		public static void main(String[] arguments) {
			ConfigurableApplicationContext context = SpringApplication.run(GatewayApplication.class, "--server.port=0",
					"--management.server.port=0", "--banyan.gateway.legacy-uri=" + arguments[0],
					"--banyan.gateway.migration.legacy-uri=" + arguments[0],
					"--banyan.gateway.auth.internal-token=test-internal-token",
					"--banyan.gateway.migration.poll-interval=100ms", "--banyan.gateway.migration.flush-interval=1h");
			LiveRoutes routes = context.getBean(LiveRoutes.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> routes.version() == 1
						|| meters.counter("banyan.migration.settings.poll.failures").count() >= 2);
			context.getBean(MirrorResults.class)
				.add(new ComparisonResult("kb-search", Instant.now(), "match", 200, 200, 1, 1, List.of(), false, -1, -2,
						""));
			context.close();
			System.out.println("closed");
			System.exit(0);
		}

	}

}
