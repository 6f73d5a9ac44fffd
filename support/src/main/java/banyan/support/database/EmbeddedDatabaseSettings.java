package banyan.support.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL that starts when no {@code spring.datasource.url}
 * is set.
 *
 * @param dataDirectory where the embedded server keeps its data, kept across restarts;
 * each application sets its own ({@code data/legacy}, {@code data/llm})
 * @param port the port the embedded server listens on (loopback only); 0 picks a free one
 */
@ConfigurationProperties("banyan.database.embedded")
public record EmbeddedDatabaseSettings(@DefaultValue("data/postgres") Path dataDirectory, @DefaultValue("0") int port) {
}
