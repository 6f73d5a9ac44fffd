/**
 * Chat: the request pipeline from a validated request to a stream of events, and the two
 * client protocols on top of it.
 */
@NullMarked
package banyan.llm.chat;

import org.jspecify.annotations.NullMarked;
