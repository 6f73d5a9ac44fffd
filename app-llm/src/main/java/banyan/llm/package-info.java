/**
 * The reactive LLM service application.
 */
@NullMarked
package banyan.llm;

import org.jspecify.annotations.NullMarked;
