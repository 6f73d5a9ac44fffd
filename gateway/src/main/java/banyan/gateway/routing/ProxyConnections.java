package banyan.gateway.routing;

import java.util.List;

import banyan.support.netty.ColocatedConnections;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proxy's HTTP client as Spring Cloud Gateway builds it from
 * {@code spring.cloud.gateway.server.webflux.httpclient.*}, with its connection pool kept
 * per event loop ({@link ColocatedConnections}): {@code pool.max-connections} bounds each
 * event loop's pool.
 */
@Configuration(proxyBeanMethods = false)
class ProxyConnections {

	@Bean
	HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties server,
			List<HttpClientCustomizer> customizers, HttpClientSslConfigurer ssl) {
		return new HttpClientFactory(properties, server, ssl, customizers) {

			@Override
			protected ConnectionProvider buildConnectionProvider(HttpClientProperties settings) {
				return new ColocatedConnections(() -> super.buildConnectionProvider(settings));
			}

		};
	}

}
