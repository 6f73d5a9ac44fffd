package banyan.llm.chat.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import banyan.contracts.stream.StreamEvent;
import banyan.llm.chat.StreamSettings;
import banyan.llm.identity.Caller;
import banyan.llm.problem.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Banyan's streaming protocol over a WebSocket at {@code /chat/ws}. The client sends text
 * frames:
 * <ul>
 * <li>{@code {"type":"chat", "request": <the body of POST /chat/stream>}} starts an
 * answer (and cancels one still running);</li>
 * <li>{@code {"type":"cancel"}} cancels the running answer at once, provider call
 * included; the answer then ends with {@code end} whose finish reason is
 * {@code cancelled}.</li>
 * </ul>
 * The server answers with text frames {@code {"id":n, "event":"start"|"delta"|...,
 * "data":{...}}}, the same events as the SSE stream, and sends a WebSocket ping every
 * heartbeat. A frame it cannot read is answered with an {@code error} event; the socket
 * stays open.
 */
final class ChatSocketHandler implements WebSocketHandler {

	static final String PATH = "/chat/ws";

	private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

	private final ConversationalChat chat;

	private final Problems problems;

	private final StreamSettings settings;

	private final JsonMapper json;

	private final Validator validator;

	ChatSocketHandler(ConversationalChat chat, Problems problems, StreamSettings settings, JsonMapper json,
			Validator validator) {
		this.chat = chat;
		this.problems = problems;
		this.settings = settings;
		this.json = json;
		this.validator = validator;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		// The handshake was authenticated like any request to /chat.
		return session.getHandshakeInfo()
			.getPrincipal()
			.filter((principal) -> principal instanceof Authentication authentication
					&& authentication.getPrincipal() instanceof Caller)
			.map((principal) -> (Caller) ((Authentication) principal).getPrincipal())
			.flatMap((caller) -> converse(session, caller))
			.switchIfEmpty(Mono.defer(() -> session.close(CloseStatus.POLICY_VIOLATION)));
	}

	private Mono<Void> converse(WebSocketSession session, Caller caller) {
		AtomicLong ids = new AtomicLong();
		Flux<WebSocketMessage> frames = session.receive()
			.filter((message) -> message.getType() == WebSocketMessage.Type.TEXT)
			.map(WebSocketMessage::getPayloadAsText)
			.switchMap((text) -> answer(caller, text))
			.map((event) -> session.textMessage(frame(ids.incrementAndGet(), event)));
		Flux<WebSocketMessage> pings = Flux.interval(this.settings.heartbeat())
			.map((tick) -> session.pingMessage((buffers) -> buffers.wrap(PING)));
		return session.send(Flux.merge(frames, pings).takeUntilOther(session.closeStatus()));
	}

	/** The events for one client frame. */
	private Flux<StreamEvent> answer(Caller caller, String text) {
		JsonNode command;
		try {
			command = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return refuse(ProblemTypes.MALFORMED_REQUEST, "Malformed request", "The frame is not well-formed JSON.");
		}
		return switch (command.path("type").asString("")) {
			case "cancel" -> Flux.just(new StreamEvent.End("cancelled"));
			case "chat" -> chat(caller, command.path("request"));
			default ->
				refuse(ProblemTypes.INVALID_REQUEST, "Invalid request", "A frame's type must be 'chat' or 'cancel'.");
		};
	}

	private Flux<StreamEvent> chat(Caller caller, JsonNode body) {
		ChatStreamRequest request;
		try {
			request = this.json.treeToValue(body, ChatStreamRequest.class);
		}
		catch (JacksonException ex) {
			return refuse(ProblemTypes.MALFORMED_REQUEST, "Malformed request",
					"The request does not match the body of POST /chat/stream.");
		}
		String invalid = violations(request);
		if (invalid != null) {
			return refuse(ProblemTypes.INVALID_REQUEST, "Invalid request", invalid);
		}
		return Flux.defer(() -> this.chat.answer(caller, request).flatMapMany((answer) -> answer))
			.onErrorResume((failure) -> Mono.just(new StreamEvent.Error(this.problems.of(failure))));
	}

	private @Nullable String violations(@Nullable ChatStreamRequest request) {
		if (request == null) {
			return "The frame has no request.";
		}
		Set<ConstraintViolation<ChatStreamRequest>> violations = this.validator.validate(request);
		return violations.isEmpty() ? null
				: violations.stream()
					.map((violation) -> "request." + violation.getPropertyPath() + " " + violation.getMessage())
					.sorted()
					.collect(Collectors.joining("; "));
	}

	private static Flux<StreamEvent> refuse(java.net.URI type, String title, String detail) {
		return Flux.just(new StreamEvent.Error(Problem.of(type, title, 400, detail)));
	}

	private String frame(long id, StreamEvent event) {
		return this.json.writeValueAsString(new Frame(id, event.name(), event));
	}

	/**
	 * A server frame.
	 *
	 * @param id the event's number, counting up over the socket's life
	 * @param event the event's name, as in the SSE stream
	 * @param data the event
	 */
	record Frame(long id, String event, StreamEvent data) {
	}

	/** Maps {@value #PATH} to the handler, ahead of the annotated controllers. */
	@Configuration(proxyBeanMethods = false)
	static class Mapping {

		@Bean
		HandlerMapping chatSocketMapping(ConversationalChat chat, Problems problems, StreamSettings settings,
				JsonMapper json, Validator validator) {
			return new SimpleUrlHandlerMapping(
					Map.of(PATH, new ChatSocketHandler(chat, problems, settings, json, validator)), -1);
		}

	}

}
