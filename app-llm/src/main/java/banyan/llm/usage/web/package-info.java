/**
 * The usage API.
 */
@NullMarked
package banyan.llm.usage.web;

import org.jspecify.annotations.NullMarked;
