package banyan.gateway.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas sharing their rate limits in one real Redis: the machine's when
 * {@code BANYAN_TEST_REDIS_URL} is set (as in CI), an embedded redis-server otherwise.
 * Every test uses a tenant of its own, so counters left in a shared Redis do not matter.
 */
class SharedRateLimitIntegrationTests {

	static final WireMockServer legacy = new WireMockServer(wireMockConfig().dynamicPort());

	static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

	static final RateLimitedGateways gateways = new RateLimitedGateways();

	static @Nullable RedisServer embedded;

	static WebTestClient first;

	static WebTestClient second;

	@BeforeAll
	static void start() {
		legacy.start();
		llm.start();
		llm.stubFor(any(anyUrl()).willReturn(okJson("{\"served\":true}")));
		String url = System.getenv("BANYAN_TEST_REDIS_URL");
		if (url == null || url.isBlank()) {
			embedded = RateLimitedGateways.embeddedRedis();
			url = RateLimitedGateways.url(embedded);
		}
		first = client(gateways.start(legacy, llm, url));
		second = client(gateways.start(legacy, llm, url));
	}

	@AfterAll
	static void stop() throws IOException {
		gateways.close();
		legacy.stop();
		llm.stop();
		if (embedded != null) {
			embedded.stop();
		}
	}

	@Test
	void requestsPerMinuteAreCountedAcrossReplicasAndRefusedWithHeadersAndAnOpenAiBody() {
		String key = key("few-requests");
		for (int i = 0; i < 4; i++) {
			WebTestClient replica = (i % 2 == 0) ? first : second;
			replica.get()
				.uri("/v1/models")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("x-ratelimit-limit-requests", "4")
				.expectHeader()
				.valueEquals("x-ratelimit-remaining-requests", Integer.toString(3 - i));
		}
		second.get()
			.uri("/v1/models")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.valueEquals("x-ratelimit-remaining-requests", "0")
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("rate_limit_exceeded")
			.jsonPath("$.error.type")
			.isEqualTo("requests");
		first.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://banyan.dev/problems/rate-limited");
	}

	@Test
	void tokensReportedInAStreamAreChargedAndTheOtherReplicaRefusesOnceTheBucketIsSpent() {
		String key = key("few-tokens");
		llm.stubFor(post(urlEqualTo("/chat/stream"))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer header.payload.signature"))
			.willReturn(aResponse().withHeader(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_EVENT_STREAM_VALUE)
				.withBody("event: metrics\ndata: {}\n\n:banyan-tokens=150\n\nevent: end\ndata: {}\n\n")));
		stream(first, key).expectStatus().isOk().expectHeader().valueEquals("x-ratelimit-remaining-tokens", "100");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> stream(second, key).expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.valueEquals("x-ratelimit-remaining-tokens", "0")
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("Rate limit reached: at most 100 tokens per minute."));
	}

	@Test
	void concurrentStreamsAreBoundedAcrossReplicasAndLeasesComeBackWhenStreamsEnd() {
		String key = key("few-streams");
		String tenantPath = "/chat/stream?slow=" + key.substring(key.length() - 6);
		llm.stubFor(post(urlEqualTo(tenantPath)).willReturn(aResponse().withFixedDelay(1500)
			.withHeader(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_EVENT_STREAM_VALUE)
			.withBody("event: end\ndata: {}\n\n")));
		Mono<Integer> one = status(first, key, tenantPath);
		Mono<Integer> two = status(second, key, tenantPath);
		Mono<Integer> both = Mono.zip(one, two, Integer::sum).cache();
		both.subscribe();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> llm.verify(2, postRequestedFor(urlEqualTo(tenantPath))));

		first.post()
			.uri(tenantPath)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Rate limit reached: at most 2 requests at once. Wait for one to finish.");

		assertThat(both.block(Duration.ofSeconds(10))).isEqualTo(400);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(status(second, key, tenantPath).block()).isEqualTo(200));
	}

	private static WebTestClient.ResponseSpec stream(WebTestClient replica, String key) {
		return replica.post()
			.uri("/chat/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange();
	}

	private static Mono<Integer> status(WebTestClient replica, String key, String path) {
		return Mono
			.fromCallable(() -> replica.post()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getStatus()
				.value())
			.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
	}

	/** A key of a new tenant at {@code tier}. */
	private static String key(String tier) {
		String key = "bk_" + UUID.randomUUID().toString().replace("-", "");
		RateLimitedGateways.knowsKey(legacy, key, "tenant-" + UUID.randomUUID(), tier);
		return key;
	}

	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

}
