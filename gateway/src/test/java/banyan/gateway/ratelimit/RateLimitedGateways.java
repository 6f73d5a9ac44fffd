package banyan.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import banyan.gateway.GatewayApplication;
import com.github.tomakehurst.wiremock.WireMockServer;
import redis.embedded.RedisServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * Gateways started side by side as replicas, with WireMock playing app-legacy (key
 * introspection) and app-llm, and the test tiers {@code few-requests} (4 a minute),
 * {@code few-tokens} (100 a minute) and {@code few-streams} (2 at once).
 */
final class RateLimitedGateways implements AutoCloseable {

	private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

	/** Starts a gateway whose counters are at {@code redisUrl}, with more properties. */
	int start(WireMockServer legacy, WireMockServer llm, String redisUrl, String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--banyan.gateway.legacy-uri=" + legacy.baseUrl(), "--banyan.gateway.llm-uri=" + llm.baseUrl(),
				"--banyan.gateway.auth.internal-token=test-internal",
				"--banyan.gateway.rate-limits.redis-url=" + redisUrl,
				"--banyan.gateway.rate-limits.tiers.few-requests.requests-per-minute=4",
				"--banyan.gateway.rate-limits.tiers.few-tokens.tokens-per-minute=100",
				"--banyan.gateway.rate-limits.tiers.few-streams.concurrent-streams=2"));
		args.addAll(List.of(properties));
		ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
			.run(args.toArray(String[]::new));
		this.gateways.add(gateway);
		return Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port", "0"));
	}

	/** app-legacy knows {@code key} as a key of {@code tenant} at {@code tier}. */
	static void knowsKey(WireMockServer legacy, String key, String tenant, String tier) {
		legacy.stubFor(post(urlEqualTo("/internal/keys/introspect"))
			.withRequestBody(equalToJson("{\"key\":\"" + key + "\"}"))
			.willReturn(okJson("""
					{"active":true,"tenant":"%s","keyId":"%s","allowedModels":[],"rateTier":"%s",
					 "dataDomains":[],"token":"header.payload.signature","tokenExpiresAt":"2099-01-01T00:00:00Z"}
					""".formatted(tenant, key.substring(key.length() - 6), tier))));
	}

	/** An embedded Redis on a free port. */
	static RedisServer embeddedRedis() {
		try {
			RedisServer redis = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(freePort())
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			redis.start();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String url(RedisServer redis) {
		return "redis://127.0.0.1:" + redis.ports().getFirst();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.gateways.forEach(ConfigurableApplicationContext::close);
	}

}
