package banyan.llm.embedding.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import banyan.contracts.usage.TokenReport;
import banyan.llm.catalog.UnknownModel;
import banyan.llm.embedding.Embedder;
import banyan.llm.identity.Caller;
import banyan.llm.openai.EmbeddingList;
import banyan.llm.openai.EmbeddingRequest;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

/**
 * {@code POST /v1/embeddings} in OpenAI's wire format: the embedding model that retrieval
 * uses, for clients that want the same vectors. What it read is also in the
 * {@code Banyan-Tokens} header, for the gateway's tokens-per-minute limit.
 */
@RestController
class EmbeddingsController {

	private final Embedder embedder;

	EmbeddingsController(Embedder embedder) {
		this.embedder = embedder;
	}

	@PostMapping(path = "/v1/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<EmbeddingList>> embed(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody EmbeddingRequest body) {
		if (!this.embedder.model().equals(body.model())) {
			throw new UnknownModel(body.model());
		}
		caller.requireModel(body.model());
		List<String> texts = body.texts();
		return this.embedder.embed(texts).map((embedded) -> {
			List<EmbeddingList.Item> items = new ArrayList<>(texts.size());
			for (float[] vector : embedded.vectors()) {
				if (body.dimensions() != null && body.dimensions() != vector.length) {
					throw new ServerWebInputException("dimensions: the model '" + body.model() + "' makes vectors of "
							+ vector.length + " dimensions only.");
				}
				items.add(EmbeddingList.Item.of(items.size(), body.base64() ? base64(vector) : vector));
			}
			return ResponseEntity.ok()
				.header(TokenReport.HEADER, Long.toString(embedded.inputTokens()))
				.body(EmbeddingList.of(items, body.model(), embedded.inputTokens()));
		});
	}

	/** The vector as OpenAI encodes it: little-endian 32-bit floats, in base64. */
	static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

}
