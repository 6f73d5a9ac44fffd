package banyan.llm.chat.web;

import java.util.UUID;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.chat.ChatCompletions;
import banyan.llm.conversation.Conversations;
import banyan.llm.provider.ChatRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Banyan's chat with memory: a request with a {@code conversationId} is answered with the
 * conversation's history before its messages, and a completed answer is stored with them
 * before {@code end} is sent, so a client that saw {@code end} can count on it. A failed
 * or cancelled answer stores nothing.
 */
@Component
class ConversationalChat {

	private final ChatCompletions chat;

	private final Conversations conversations;

	ConversationalChat(ChatCompletions chat, Conversations conversations) {
		this.chat = chat;
		this.conversations = conversations;
	}

	/**
	 * Resolves the model and the history now, so that what is wrong with the request is
	 * known before the stream starts; the mono gives the answer's events.
	 */
	Mono<Flux<StreamEvent>> answer(ChatStreamRequest body) {
		ChatRequest request = body.toChatRequest();
		Model model = this.chat.model(request);
		UUID id = body.conversationId();
		if (id == null) {
			return Mono.just(this.chat.stream(request));
		}
		return this.conversations.withHistory(id, model, request).map((withHistory) -> {
			StringBuilder answer = new StringBuilder();
			return this.chat.stream(withHistory).concatMap((event) -> switch (event) {
				case StreamEvent.Delta delta -> {
					answer.append(delta.text());
					yield Mono.just(event);
				}
				case StreamEvent.End end ->
					this.conversations.append(id, model.alias(), request.messages(), answer.toString())
						.thenReturn(event);
				default -> Mono.just(event);
			});
		});
	}

}
