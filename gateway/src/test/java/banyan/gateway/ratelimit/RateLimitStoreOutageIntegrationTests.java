package banyan.gateway.ratelimit;

import java.io.IOException;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What requests meet when the Redis behind the rate limits goes away: a gateway set to
 * {@code allow} lets them through, one set to {@code refuse} answers 503 with a problem
 * body. This test stops its Redis, so it always has an embedded one of its own.
 */
class RateLimitStoreOutageIntegrationTests {

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

	static final RateLimitedGateways gateways = new RateLimitedGateways();

	static RedisServer redis;

	static WebTestClient allowing;

	static WebTestClient refusing;

	@BeforeAll
	static void start() {
		legacy.start();
		llm.start();
		llm.stubFor(any(anyUrl()).willReturn(okJson("{\"served\":true}")));
		redis = RateLimitedGateways.embeddedRedis();
		String url = RateLimitedGateways.url(redis);
		allowing = client(gateways.start(legacy, llm, url, "--banyan.gateway.rate-limits.on-store-failure=allow"));
		refusing = client(gateways.start(legacy, llm, url, "--banyan.gateway.rate-limits.on-store-failure=refuse"));
		RateLimitedGateways.knowsKey(legacy, "bk_outage_key_000001", "tenant-outage", "few-requests");
	}

	@AfterAll
	static void stop() throws IOException {
		gateways.close();
		legacy.stop();
		llm.stop();
		if (redis.isActive()) {
			redis.stop();
		}
	}

	@Test
	void allowOrRefuseAsConfiguredWhileRedisIsDown() throws IOException {
		models(allowing).expectStatus().isOk().expectHeader().valueEquals("x-ratelimit-remaining-requests", "3");
		models(refusing).expectStatus().isOk().expectHeader().valueEquals("x-ratelimit-remaining-requests", "2");

		redis.stop();

		models(allowing).expectStatus().isOk().expectHeader().doesNotExist("x-ratelimit-remaining-requests");
		refusing.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer bk_outage_key_000001")
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/rate-limits-unavailable");
	}

	private static WebTestClient.ResponseSpec models(WebTestClient gateway) {
		return gateway.get()
			.uri("/v1/models")
			.header(HttpHeaders.AUTHORIZATION, "Bearer bk_outage_key_000001")
			.exchange();
	}

	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

}
