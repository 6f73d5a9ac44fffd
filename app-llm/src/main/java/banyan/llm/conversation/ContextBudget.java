package banyan.llm.conversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import banyan.llm.catalog.Model;
import banyan.llm.provider.Message;
import banyan.llm.provider.TokenCounter;
import org.jspecify.annotations.Nullable;

/**
 * Fits a conversation's history and a new turn into a model's context window. The new
 * turn and the history's system messages always stay; the oldest other messages are
 * dropped first. Room is kept for the answer: the request's {@code maxTokens}, or a
 * quarter of the window up to 1,024 tokens.
 */
final class ContextBudget {

	/** Tokens each message costs beyond its text (role and separators). */
	static final int PER_MESSAGE = 4;

	private ContextBudget() {
	}

	/**
	 * The messages to send: as much of the history as fits, then the new turn.
	 * @throws TurnTooLong if the new turn alone does not fit
	 */
	static List<Message> fit(Model model, List<StoredMessage> history, List<Message> turn,
			@Nullable Integer maxOutputTokens, TokenCounter tokens) {
		int window = model.contextWindow();
		int reserve = (maxOutputTokens != null) ? maxOutputTokens : Math.min(1_024, window / 4);
		long budget = (long) window - reserve;
		long needed = 0;
		for (Message message : turn) {
			needed += tokens.count(message.text()) + PER_MESSAGE;
		}
		List<StoredMessage> system = history.stream().filter((message) -> "system".equals(message.role())).toList();
		for (StoredMessage message : system) {
			needed += message.tokens() + PER_MESSAGE;
		}
		if (needed > budget) {
			throw new TurnTooLong(needed, reserve, model.alias(), window);
		}
		Deque<StoredMessage> kept = new ArrayDeque<>();
		for (int i = history.size() - 1; i >= 0; i--) {
			StoredMessage message = history.get(i);
			if ("system".equals(message.role())) {
				continue;
			}
			if (needed + message.tokens() + PER_MESSAGE > budget) {
				break;
			}
			needed += message.tokens() + PER_MESSAGE;
			kept.addFirst(message);
		}
		List<Message> messages = new ArrayList<>();
		system.forEach((message) -> messages.add(Message.of(Message.Role.of(message.role()), message.content())));
		kept.forEach((message) -> messages.add(Message.of(Message.Role.of(message.role()), message.content())));
		messages.addAll(turn);
		return messages;
	}

}
