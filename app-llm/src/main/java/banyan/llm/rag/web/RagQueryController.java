package banyan.llm.rag.web;

import banyan.llm.chat.EventStreams;
import banyan.llm.identity.Caller;
import banyan.llm.rag.RagAnswers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rag/query}: an answer from the caller's documents, streamed with Banyan's
 * events; {@code end} lists the cited sources.
 */
@RestController
class RagQueryController {

	private final RagAnswers answers;

	private final EventStreams streams;

	RagQueryController(RagAnswers answers, EventStreams streams) {
		this.answers = answers;
		this.streams = streams;
	}

	/**
	 * A question.
	 *
	 * @param model the model alias; {@code local} (the offline, extractive model) when
	 * left out
	 * @param question the question
	 * @param k how many passages the answer may draw on (1 to 10, 4 when left out)
	 * @param maxTokens the most tokens the answer may have
	 */
	record Query(@Nullable @Size(max = 200) String model, @NotBlank @Size(max = 4_000) String question,
			@Nullable @Min(1) @Max(10) Integer k, @Nullable @Positive Integer maxTokens) {
	}

	@PostMapping(path = "/rag/query", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> query(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody Query query) {
		return Mono
			.fromSupplier(() -> this.answers.answer(caller, (query.model() != null) ? query.model() : "local",
					query.question().strip(), (query.k() != null) ? query.k() : 4, query.maxTokens()))
			.map((answer) -> ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(this.streams.sse(answer)));
	}

}
