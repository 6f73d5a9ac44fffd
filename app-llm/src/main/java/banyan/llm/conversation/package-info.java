/**
 * Conversations: the history of a {@code /chat/stream} conversation kept in app-llm's
 * PostgreSQL, and fitted to a model's context window by tokens.
 */
@NullMarked
package banyan.llm.conversation;

import org.jspecify.annotations.NullMarked;
