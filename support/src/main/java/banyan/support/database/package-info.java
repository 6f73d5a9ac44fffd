/**
 * An application's embedded PostgreSQL: a real server from the binary on the classpath
 * when no {@code spring.datasource.url} is configured, with a left-over server of a
 * killed application stopped first.
 */
@NullMarked
package banyan.support.database;

import org.jspecify.annotations.NullMarked;
