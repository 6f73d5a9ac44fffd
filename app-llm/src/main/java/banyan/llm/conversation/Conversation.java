package banyan.llm.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation and its messages, oldest first.
 *
 * @param id the id the client chose
 * @param model the model alias of its latest answer
 * @param createdAt when its first answer was stored
 * @param updatedAt when its latest answer was stored
 * @param messages its messages, oldest first
 */
public record Conversation(UUID id, String model, Instant createdAt, Instant updatedAt, List<StoredMessage> messages) {

	public Conversation {
		messages = List.copyOf(messages);
	}

}
