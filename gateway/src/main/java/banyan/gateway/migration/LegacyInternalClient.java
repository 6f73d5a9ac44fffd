package banyan.gateway.migration;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A client of app-legacy's {@code /internal/migrations} endpoints, on a small pool of its
 * own, with the internal token and the migration timeout.
 */
final class LegacyInternalClient {

	private LegacyInternalClient() {
	}

	static WebClient create(MigrationSettings settings, WebClient.Builder builder, String internalToken, String pool,
			int maxConnections) {
		return builder.clone()
			.baseUrl(settings.legacyUri().toString())
			.clientConnector(new ReactorClientHttpConnector(HttpClient
				.create(ConnectionProvider.builder(pool)
					.maxConnections(maxConnections)
					.maxIdleTime(Duration.ofSeconds(10))
					.build())
				.responseTimeout(settings.timeout())))
			.defaultHeaders((headers) -> {
				if (StringUtils.hasText(internalToken)) {
					headers.setBearerAuth(internalToken);
				}
			})
			.build();
	}

}
