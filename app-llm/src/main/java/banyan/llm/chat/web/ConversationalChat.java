package banyan.llm.chat.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.chat.ChatCompletions;
import banyan.llm.chat.ToolLoop;
import banyan.llm.conversation.Conversations;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.identity.Caller;
import banyan.llm.openai.ChatMessage;
import banyan.llm.provider.ChatRequest;
import banyan.llm.tool.Tool;
import banyan.llm.tool.Tools;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Banyan's chat with memory: a request with a {@code conversationId} is answered with the
 * conversation's history before its messages, and a completed answer is stored with them
 * before {@code end} is sent, so a client that saw {@code end} can count on it. A failed
 * or cancelled answer stores nothing. A request naming server-side tools is answered
 * through the {@link ToolLoop}. Banyan's system message (with its canary) goes first.
 */
@Component
class ConversationalChat {

	private final ChatCompletions chat;

	private final Conversations conversations;

	private final ToolLoop toolLoop;

	private final Tools tools;

	private final Guardrails guardrails;

	ConversationalChat(ChatCompletions chat, Conversations conversations, ToolLoop toolLoop, Tools tools,
			Guardrails guardrails) {
		this.guardrails = guardrails;
		this.chat = chat;
		this.conversations = conversations;
		this.toolLoop = toolLoop;
		this.tools = tools;
	}

	private Flux<StreamEvent> answer(Caller caller, ChatRequest asked, List<Tool> tools) {
		List<ChatMessage> messages = new ArrayList<>();
		messages.add(this.guardrails.systemMessage());
		messages.addAll(asked.messages());
		ChatRequest request = new ChatRequest(asked.model(), messages, asked.maxOutputTokens(), asked.temperature(),
				asked.passThrough());
		return tools.isEmpty() ? this.chat.stream(caller, request) : this.toolLoop.stream(caller, request, tools);
	}

	/**
	 * Resolves the model and the history now, so that what is wrong with the request is
	 * known before the stream starts; the mono gives the answer's events.
	 */
	Mono<Flux<StreamEvent>> answer(Caller caller, ChatStreamRequest body) {
		ChatRequest request = body.toChatRequest();
		Model model = this.chat.model(caller, request);
		List<Tool> tools = this.tools.resolve(body.tools());
		UUID id = body.conversationId();
		if (id == null) {
			return Mono.just(answer(caller, request, tools));
		}
		return this.conversations.withHistory(caller.tenant(), id, model, request).map((withHistory) -> {
			StringBuilder answer = new StringBuilder();
			return answer(caller, withHistory, tools).concatMap((event) -> switch (event) {
				case StreamEvent.Delta delta -> {
					answer.append(delta.text());
					yield Mono.just(event);
				}
				case StreamEvent.End end ->
					this.conversations.append(caller.tenant(), id, model.alias(), request.messages(), answer.toString())
						.thenReturn(event);
				default -> Mono.just(event);
			});
		});
	}

}
