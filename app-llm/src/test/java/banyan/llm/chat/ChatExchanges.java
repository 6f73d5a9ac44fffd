package banyan.llm.chat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import banyan.contracts.identity.Budgets;
import banyan.contracts.identity.GuardrailAction;
import banyan.llm.catalog.Model;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.TokenCounter;
import banyan.llm.provider.TokenUsage;
import banyan.llm.tool.Tool;

/**
 * Exchanges for the stages' unit tests: a caller of tenant {@code acme}, a model
 * {@code priced} (2 per million prompt tokens, 10 per million answer tokens) with the
 * targets {@code first/f} and {@code second/s}.
 */
final class ChatExchanges {

	static final TokenCounter TOKENS = new TokenCounter();

	static final Caller CALLER = new Caller("acme", "7", List.of(), "standard", List.of(), Budgets.none(),
			GuardrailAction.BLOCK, "token");

	static final Model.Target FIRST = new Model.Target("first", "f");

	static final Model.Target SECOND = new Model.Target("second", "s");

	static final Model MODEL = new Model("priced", List.of(FIRST, SECOND), 8_000, BigDecimal.valueOf(2),
			BigDecimal.valueOf(10), Set.of());

	private ChatExchanges() {
	}

	/** A request for {@code priced} asking {@code question}. */
	static ChatRequest request(String question) {
		return new ChatRequest("priced", List.of(Message.of(Message.Role.USER, question)), null, null, Map.of());
	}

	/** A new exchange asking {@code question}, without tools. */
	static ChatExchange asking(String question, Tool... tools) {
		return new ChatExchange(CALLER, MODEL, request(question), List.of(tools), new Answer(MODEL, TOKENS));
	}

	/**
	 * Plays one round of the provider's answer into the exchange's answer, as
	 * {@link ProviderCall} and {@link AnswerRecording} would: the text, then the end.
	 */
	static void answered(ChatExchange exchange, Model.Target target, String text, String finishReason,
			TokenUsage usage) {
		Answer answer = exchange.answer();
		answer.startRound(exchange.request());
		answer.received(target, ProviderChunk.text(text));
		answer.delivered(new banyan.contracts.stream.StreamEvent.Delta(text));
		answer.received(target, new ProviderChunk("", finishReason, usage));
	}

}
