package banyan.llm.embedding;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import banyan.llm.provider.ProviderRejectedRequest;
import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.TokenCounter;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The OpenAI-compatible embeddings adapter against WireMock speaking OpenAI's
 * {@code /v1/embeddings} wire format.
 */
class OpenAiEmbedderTests {

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		upstream.start();
	}

	@AfterAll
	static void stop() {
		upstream.stop();
	}

	@BeforeEach
	void reset() {
		upstream.resetAll();
	}

	@Test
	void sendsTheTextsInBatchesWithTheKeyAndPutsTheVectorsInTheirOrder() {
		upstream.stubFor(post("/v1/embeddings")
			.withRequestBody(equalToJson("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}", true, true))
			.willReturn(okJson("""
					{"object":"list","model":"text-embedding-3-small","data":[
					 {"object":"embedding","index":1,"embedding":[0.0,2.0]},
					 {"object":"embedding","index":0,"embedding":[3.0,4.0]}],
					 "usage":{"prompt_tokens":2,"total_tokens":2}}""")));
		upstream.stubFor(post("/v1/embeddings").withRequestBody(equalToJson("{\"input\":[\"c\"]}", true, true))
			.willReturn(okJson("""
					{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1.0,0.0]}],
					 "usage":{"prompt_tokens":1,"total_tokens":1}}""")));

		Embedder.Embedded embedded = embedder(2).embed(List.of("a", "b", "c")).block();

		assertThat(embedded.vectors()).hasSize(3);
		assertThat(embedded.vectors().get(0)).containsExactly(new float[] { 0.6f, 0.8f }, within(1e-6f));
		assertThat(embedded.vectors().get(1)).containsExactly(new float[] { 0f, 1f }, within(1e-6f));
		assertThat(embedded.vectors().get(2)).containsExactly(new float[] { 1f, 0f }, within(1e-6f));
		assertThat(embedded.inputTokens()).isEqualTo(3);
		assertThat(embedded.estimated()).isFalse();
		upstream.verify(2,
				postRequestedFor(urlEqualTo("/v1/embeddings")).withHeader("Authorization", equalTo("Bearer sk-test")));
	}

	@Test
	void aRefusedRequestIsRejectedAndAFailingProviderUnavailable() {
		upstream.stubFor(post("/v1/embeddings").willReturn(aResponse().withStatus(400)
			.withBody("{\"error\":{\"message\":\"input too long\",\"type\":\"invalid_request_error\"}}")));
		assertThatThrownBy(() -> embedder(8).embed(List.of("a")).block()).isInstanceOf(ProviderRejectedRequest.class)
			.hasMessageContaining("input too long");

		upstream.stubFor(post("/v1/embeddings").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")));
		assertThatThrownBy(() -> embedder(8).embed(List.of("a")).block()).isInstanceOf(ProviderUnavailable.class)
			.satisfies((failure) -> assertThat(((ProviderUnavailable) failure).retryAfter())
				.isEqualTo(Duration.ofSeconds(7)));
	}

	@Test
	void aMalformedSlowOrBrokenAnswerIsProviderUnavailable() {
		upstream.stubFor(post("/v1/embeddings").willReturn(okJson("{\"object\":\"list\",\"data\":[]}")));
		assertThatThrownBy(() -> embedder(8).embed(List.of("a")).block()).isInstanceOf(ProviderUnavailable.class);

		upstream.stubFor(post("/v1/embeddings").willReturn(okJson("{\"data\":[]}").withFixedDelay(4_000)));
		assertThatThrownBy(() -> embedder(8).embed(List.of("a")).block()).isInstanceOf(ProviderUnavailable.class);

		upstream.stubFor(post("/v1/embeddings")
			.willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
		assertThatThrownBy(() -> embedder(8).embed(List.of("a")).block()).isInstanceOf(ProviderUnavailable.class);
	}

	@Test
	void aProviderThatIsNotOpenAiCompatibleIsRefusedAtStart() {
		ProviderSettings providers = new ProviderSettings(
				java.util.Map.of("claude", new ProviderSettings.Provider(ProviderSettings.Type.ANTHROPIC,
						URI.create(upstream.baseUrl()), "k", Duration.ofSeconds(1), Duration.ZERO, 1, 10)));
		assertThatThrownBy(() -> new EmbeddingConfiguration().embedder(
				new EmbeddingSettings("claude", "m", 8, Duration.ofSeconds(1)), providers, null, new TokenCounter(),
				WebClient.builder()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("banyan.llm.embedding.provider");
	}

	private static Embedder embedder(int batchSize) {
		return new OpenAiEmbedder("upstream",
				new ProviderSettings.Provider(ProviderSettings.Type.OPENAI, URI.create(upstream.baseUrl() + "/v1"),
						"sk-test", Duration.ofSeconds(1), Duration.ZERO, 1, 10),
				new EmbeddingSettings("upstream", "text-embedding-3-small", batchSize, Duration.ofSeconds(2)),
				WebClient.builder());
	}

}
