package banyan.gateway.routing;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the applications behind the gateway listen ({@code banyan.gateway.*}).
 *
 * @param legacyUri the base URI of app-legacy, which gets every route not listed for
 * app-llm
 * @param llmUri the base URI of app-llm, which gets {@code /v1/**}, {@code /chat/**} and
 * {@code /rag/**}
 */
@ConfigurationProperties("banyan.gateway")
@Validated
record RoutingSettings(@NotNull @DefaultValue("http://localhost:8081") URI legacyUri,
		@NotNull @DefaultValue("http://localhost:8082") URI llmUri) {
}
