package banyan.llm.chat.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.chat.ChatExchange;
import banyan.llm.chat.ChatPipeline;
import banyan.llm.conversation.Conversations;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.tool.Tools;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Banyan's chat with memory: a request with a {@code conversationId} is answered with the
 * conversation's history before its messages, and a completed answer is stored with them
 * before {@code end} is sent, so a client that saw {@code end} can count on it. A failed
 * or cancelled answer stores nothing. Server-side tools named by the request are offered
 * to the model. Banyan's system message (with its canary) goes first.
 */
@Component
class ConversationalChat {

	private final ChatPipeline chat;

	private final Conversations conversations;

	private final Tools tools;

	private final Guardrails guardrails;

	ConversationalChat(ChatPipeline chat, Conversations conversations, Tools tools, Guardrails guardrails) {
		this.guardrails = guardrails;
		this.chat = chat;
		this.conversations = conversations;
		this.tools = tools;
	}

	/**
	 * Resolves the model and the history now, so that what is wrong with the request is
	 * known before the stream starts; the mono gives the answer's events.
	 */
	Mono<Flux<StreamEvent>> answer(Caller caller, ChatStreamRequest body) {
		ChatRequest request = body.toChatRequest();
		ChatExchange exchange = this.chat.resolve(caller, request, this.tools.resolve(body.tools()));
		UUID id = body.conversationId();
		if (id == null) {
			return Mono.just(this.chat.stream(withSystemMessage(exchange, request)));
		}
		return this.conversations.withHistory(caller.tenant(), id, exchange.model(), request)
			.map((withHistory) -> this.chat
				.stream(withSystemMessage(exchange, withHistory),
						(remembered, next) -> next.stream(remembered)
							.concatMap((event) -> (event instanceof StreamEvent.End)
									? this.conversations.append(caller.tenant(), id, exchange.model().alias(),
											request.messages(), remembered.answer().text())
										.thenReturn(event)
									: Mono.just(event))));
	}

	private ChatExchange withSystemMessage(ChatExchange exchange, ChatRequest asked) {
		List<Message> messages = new ArrayList<>();
		messages.add(this.guardrails.systemMessage());
		messages.addAll(asked.messages());
		return exchange.withRequest(new ChatRequest(asked.model(), messages, asked.maxOutputTokens(),
				asked.temperature(), asked.passThrough()));
	}

}
