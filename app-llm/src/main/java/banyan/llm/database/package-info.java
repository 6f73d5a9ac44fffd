/**
 * The application's own PostgreSQL through both drivers: JDBC for Flyway at start, R2DBC
 * on the request path; an embedded server under {@code ./data/llm/} when no
 * {@code spring.datasource.url} is configured ({@code banyan.support.database}).
 */
@NullMarked
package banyan.llm.database;

import org.jspecify.annotations.NullMarked;
