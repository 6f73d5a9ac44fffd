/**
 * The adapter for Anthropic's Messages API, translating to and from OpenAI's shape.
 */
@NullMarked
package banyan.llm.provider.anthropic;

import org.jspecify.annotations.NullMarked;
