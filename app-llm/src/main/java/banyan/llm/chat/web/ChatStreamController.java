package banyan.llm.chat.web;

import banyan.llm.chat.EventStreams;
import banyan.llm.identity.Caller;
import jakarta.validation.Valid;
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
 * Banyan's own streaming protocol over Server-Sent Events ({@link EventStreams}). A
 * request that is invalid or names an unknown model is refused with a problem body before
 * the stream starts, and so is one that fails before its first event (a budget without
 * room, a prompt the guardrails refuse).
 */
@RestController
class ChatStreamController {

	private final ConversationalChat chat;

	private final EventStreams streams;

	ChatStreamController(ConversationalChat chat, EventStreams streams) {
		this.chat = chat;
		this.streams = streams;
	}

	@PostMapping(path = "/chat/stream", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> stream(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody ChatStreamRequest body) {
		return this.chat.answer(caller, body)
			.map((answer) -> ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(this.streams.sse(answer)));
	}

}
