/**
 * The application's own PostgreSQL: an embedded server under {@code ./data/llm/} when no
 * {@code spring.datasource.url} is configured, the configured one otherwise.
 */
@NullMarked
package banyan.llm.database;

import org.jspecify.annotations.NullMarked;
