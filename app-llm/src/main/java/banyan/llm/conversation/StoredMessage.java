package banyan.llm.conversation;

import java.time.Instant;

/**
 * A message of a conversation as stored.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text
 * @param tokens the tokens the text counts
 * @param createdAt when it was stored
 */
public record StoredMessage(String role, String content, int tokens, Instant createdAt) {
}
