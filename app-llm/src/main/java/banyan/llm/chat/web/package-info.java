/**
 * The chat protocols on top of the pipeline: OpenAI's {@code /v1/chat/completions} and
 * {@code /v1/models}, Banyan's {@code /chat/stream} (SSE) and {@code /chat/ws}
 * (WebSocket), with conversations.
 */
@NullMarked
package banyan.llm.chat.web;

import org.jspecify.annotations.NullMarked;
