/**
 * The knowledge base: articles that back-office staff write and that app-llm retrieves
 * from.
 */
@NullMarked
package banyan.legacy.kb;

import org.jspecify.annotations.NullMarked;
