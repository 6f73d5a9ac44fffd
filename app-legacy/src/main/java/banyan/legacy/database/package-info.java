/**
 * The application's own PostgreSQL: an embedded server under {@code ./data/legacy/} when
 * no {@code spring.datasource.url} is configured, the configured one otherwise.
 */
@NullMarked
package banyan.legacy.database;

import org.jspecify.annotations.NullMarked;
