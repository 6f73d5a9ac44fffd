package banyan.llm.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * One database, two drivers: JDBC for Flyway at start, R2DBC for the request path. The
 * R2DBC pool reaches the same database as the JDBC data source, embedded or configured,
 * so {@code spring.datasource.*} is the only setting.
 */
@Configuration(proxyBeanMethods = false)
class ReactiveDatabaseConfiguration {

	/**
	 * Spring Boot makes no data source once a connection factory exists, so the
	 * configured one ({@code spring.datasource.url}) is made here.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${spring.datasource.url:embedded}' != 'embedded'")
	HikariDataSource dataSource(Environment environment) throws Exception {
		DataSourceProperties properties = Binder.get(environment)
			.bind("spring.datasource", DataSourceProperties.class)
			.orElseGet(DataSourceProperties::new);
		properties.afterPropertiesSet();
		HikariDataSource dataSource = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		dataSource.setPoolName("llm-jdbc");
		// Only Flyway uses JDBC, at start: keep no idle connections to the database
		// after.
		dataSource.setMaximumPoolSize(2);
		dataSource.setMinimumIdle(0);
		dataSource.setIdleTimeout(Duration.ofSeconds(10).toMillis());
		return dataSource;
	}

	@Bean(destroyMethod = "dispose")
	ConnectionPool connectionFactory(HikariDataSource dataSource) {
		return new ConnectionPool(ConnectionPoolConfiguration
			.builder(connectionFactory(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword()))
			.name("llm-r2dbc")
			.initialSize(2)
			.maxSize(20)
			.maxIdleTime(Duration.ofMinutes(10))
			.build());
	}

	/**
	 * The R2DBC connection factory for a PostgreSQL JDBC URL
	 * ({@code jdbc:postgresql://host:port/database?user=...&password=...}). Credentials
	 * in the URL's query count when no username or password is set; other JDBC options
	 * have no R2DBC meaning and are left out.
	 */
	static ConnectionFactory connectionFactory(String jdbcUrl, @Nullable String username, @Nullable String password) {
		if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
			throw new IllegalStateException("app-llm needs PostgreSQL; spring.datasource.url is " + jdbcUrl);
		}
		int query = jdbcUrl.indexOf('?');
		String base = (query < 0) ? jdbcUrl : jdbcUrl.substring(0, query);
		Map<String, String> parameters = new HashMap<>();
		if (query >= 0) {
			for (String pair : jdbcUrl.substring(query + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					parameters.put(pair.substring(0, equals),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
			}
		}
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions
			.parse("r2dbc:" + base.substring("jdbc:".length()))
			.mutate();
		String user = (username != null) ? username : parameters.get("user");
		String secret = (password != null) ? password : parameters.get("password");
		if (user != null) {
			options.option(ConnectionFactoryOptions.USER, user);
		}
		if (secret != null) {
			options.option(ConnectionFactoryOptions.PASSWORD, secret);
		}
		return ConnectionFactories.get(options.build());
	}

}
