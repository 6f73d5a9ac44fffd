package banyan.llm.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import banyan.llm.GuardedServiceTests;
import banyan.llm.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code POST /v1/embeddings} as an OpenAI SDK sees it, with the in-process model.
 */
class EmbeddingsApiIntegrationTests extends GuardedServiceTests {

	private static final String MODEL = "all-minilm-l6-v2";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void embedsOneTextOrManyInTheirOrderAsUnitVectors() {
		JsonNode one = embed("{\"model\":\"" + MODEL + "\",\"input\":\"How do I charge the battery?\"}");
		assertThat(one.path("object").asString()).isEqualTo("list");
		assertThat(one.path("model").asString()).isEqualTo(MODEL);
		assertThat(one.path("data")).hasSize(1);
		assertThat(one.path("data").get(0).path("object").asString()).isEqualTo("embedding");
		float[] charge = vector(one.path("data").get(0).path("embedding"));
		assertThat(charge).hasSize(Embeddings.DIMENSIONS);
		assertThat(Embeddings.cosine(charge, charge)).isCloseTo(1.0, within(1e-4));
		assertThat(one.path("usage").path("prompt_tokens").asLong()).isPositive();

		JsonNode many = embed("{\"model\":\"" + MODEL
				+ "\",\"input\":[\"Paying an invoice by bank transfer\",\"How do I charge the battery?\"]}");
		assertThat(many.path("data")).hasSize(2);
		assertThat(many.path("data").get(1).path("index").asInt()).isEqualTo(1);
		float[] second = vector(many.path("data").get(1).path("embedding"));
		float[] first = vector(many.path("data").get(0).path("embedding"));
		assertThat(Embeddings.cosine(second, charge)).isCloseTo(1.0, within(1e-4));
		assertThat(Embeddings.cosine(first, charge)).isLessThan(0.6);
	}

	@Test
	void sendsBase64AsLittleEndianFloatsWhenAsked() {
		String text = "Where is the charging port?";
		float[] floats = vector(embed("{\"model\":\"" + MODEL + "\",\"input\":\"" + text + "\"}").path("data")
			.get(0)
			.path("embedding"));
		String encoded = embed(
				"{\"model\":\"" + MODEL + "\",\"input\":\"" + text + "\",\"encoding_format\":\"base64\"}")
			.path("data")
			.get(0)
			.path("embedding")
			.asString();
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
		float[] decoded = new float[bytes.remaining() / Float.BYTES];
		bytes.asFloatBuffer().get(decoded);
		assertThat(decoded).containsExactly(floats, within(1e-6f));
	}

	@Test
	void reportsTheTokensReadForTheGatewaysRateLimits() {
		client(TestTokens.bearer()).post()
			.uri("/v1/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"" + MODEL + "\",\"input\":\"tyre pressure\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Banyan-Tokens", (tokens) -> assertThat(Long.parseLong(tokens)).isPositive());
	}

	@Test
	void refusesBadInputWithAnOpenAiErrorBody() {
		for (String body : List.of("{\"model\":\"" + MODEL + "\"}", "{\"model\":\"" + MODEL + "\",\"input\":[]}",
				"{\"model\":\"" + MODEL + "\",\"input\":\"  \"}", "{\"model\":\"" + MODEL + "\",\"input\":[[1,2,3]]}",
				"{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"encoding_format\":\"int8\"}",
				"{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"dimensions\":1536}", "{\"input\":\"x\"}",
				"{\"model\":\"" + MODEL + "\",\"input\":")) {
			refused(body, 400).jsonPath("$.error.type").isEqualTo("invalid_request_error");
		}
		refused("{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}", 404).jsonPath("$.error.code")
			.isEqualTo("model_not_found");
	}

	@Test
	void refusesAModelTheKeyDoesNotAllow() {
		client("Bearer " + TestTokens.token(TestTokens.TENANT, List.of("local"))).post()
			.uri("/v1/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"" + MODEL + "\",\"input\":\"x\"}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("model_not_allowed");
	}

	private JsonNode embed(String body) {
		return this.json.readTree(client(TestTokens.bearer()).post()
			.uri("/v1/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private WebTestClient.BodyContentSpec refused(String body, int status) {
		return client(TestTokens.bearer()).post()
			.uri("/v1/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody();
	}

	private static float[] vector(JsonNode values) {
		float[] vector = new float[values.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) values.get(i).asDouble();
		}
		return vector;
	}

}
