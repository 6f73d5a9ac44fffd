package banyan.llm.chat.web;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import banyan.contracts.stream.StreamEvent;
import banyan.contracts.usage.TokenReport;
import banyan.llm.chat.StreamSettings;
import banyan.llm.identity.Caller;
import banyan.llm.problem.Problems;
import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Banyan's own streaming protocol over Server-Sent Events: named events {@code start},
 * {@code delta}..., {@code metrics}, {@code end}, numbered by {@code id}, with
 * {@code : ping} comments while idle, and a {@code :banyan-tokens=<n>} comment after
 * {@code metrics} for the gateway's rate limits. A request that is invalid or names an
 * unknown model is refused with a problem body before the stream starts, and so is one
 * that fails before its first event (a budget without room); a failure after it started
 * becomes an {@code error} event, after which the stream ends.
 */
@RestController
class ChatStreamController {

	private final ConversationalChat chat;

	private final Problems problems;

	private final StreamSettings settings;

	private final JsonMapper json;

	ChatStreamController(ConversationalChat chat, Problems problems, StreamSettings settings, JsonMapper json) {
		this.chat = chat;
		this.problems = problems;
		this.settings = settings;
		this.json = json;
	}

	@PostMapping(path = "/chat/stream", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> stream(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody ChatStreamRequest body) {
		return this.chat.answer(caller, body).map((answer) -> {
			AtomicLong ids = new AtomicLong();
			AtomicBoolean started = new AtomicBoolean();
			// Before the first event nothing is committed, so a failure is still an HTTP
			// error response.
			Flux<ServerSentEvent<String>> events = answer.doOnNext((event) -> started.set(true))
				.onErrorResume((failure) -> started.get() ? Mono.just(new StreamEvent.Error(this.problems.of(failure)))
						: Mono.error(failure))
				.concatMap((event) -> {
					ServerSentEvent<String> sent = ServerSentEvent.<String>builder()
						.id(Long.toString(ids.incrementAndGet()))
						.event(event.name())
						.data(this.json.writeValueAsString(event))
						.build();
					// What the answer used, for the gateway's tokens-per-minute limit.
					return (event instanceof StreamEvent.Metrics metrics) ? Flux.just(sent,
							ServerSentEvent.<String>builder()
								.comment(TokenReport.COMMENT + (metrics.inputTokens() + metrics.outputTokens()))
								.build())
							: Flux.just(sent);
				});
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(Heartbeats.whileIdle(events, this.settings.heartbeat()));
		});
	}

}
