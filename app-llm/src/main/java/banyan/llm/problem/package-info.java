/**
 * Turns every error a client can see into an RFC 9457 problem body, or an OpenAI error
 * body on {@code /v1}.
 */
@NullMarked
package banyan.llm.problem;

import org.jspecify.annotations.NullMarked;
