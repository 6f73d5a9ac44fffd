/**
 * The OpenAI wire format: requests, responses, stream chunks and error bodies, exactly as
 * OpenAI's SDKs send and expect them.
 */
@NullMarked
package banyan.llm.openai;

import org.jspecify.annotations.NullMarked;
