package banyan.support.database;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Starts a real PostgreSQL server from the binary on the classpath when no database URL
 * is configured, so the application runs on a machine with nothing but a JDK. Its data
 * survives restarts; a server that a killed application left running on it is stopped
 * first ({@link LeftoverServer}). An application on a configured database
 * ({@code spring.datasource.url}) starts none.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ EmbeddedPostgres.class, HikariDataSource.class })
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
@EnableConfigurationProperties(EmbeddedDatabaseSettings.class)
public final class EmbeddedDatabaseAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseSettings settings) throws IOException {
		Files.createDirectories(settings.dataDirectory());
		LeftoverServer.stopIfAny(settings.dataDirectory(), Duration.ofSeconds(30));
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(settings.dataDirectory())
			.setCleanDataDirectory(false)
			.setPort(settings.port())
			.start();
		log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(),
				settings.dataDirectory().toAbsolutePath().normalize());
		return postgres;
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("embedded-" + postgres.getPort());
		return dataSource;
	}

}
