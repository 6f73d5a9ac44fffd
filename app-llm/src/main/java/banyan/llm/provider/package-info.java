/**
 * Model providers behind one reactive port: the offline {@code local} provider and
 * OpenAI-compatible endpoints.
 */
@NullMarked
package banyan.llm.provider;

import org.jspecify.annotations.NullMarked;
