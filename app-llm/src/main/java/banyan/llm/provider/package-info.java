/**
 * Model providers behind one reactive port: the offline {@code local} provider,
 * OpenAI-compatible endpoints and Anthropic's Messages API.
 */
@NullMarked
package banyan.llm.provider;

import org.jspecify.annotations.NullMarked;
