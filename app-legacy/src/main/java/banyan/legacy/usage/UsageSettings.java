package banyan.legacy.usage;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the back office reads usage ({@code banyan.usage.*}).
 *
 * @param llmUri app-llm's base URI, reached directly, not through the gateway
 * ({@code BANYAN_LLM_URI})
 * @param internalToken the bearer token for app-llm's {@code /internal/**}
 * ({@code BANYAN_INTERNAL_TOKEN}, shared by the three applications); when empty, usage is
 * not shown
 * @param timeout how long a page waits for app-llm before it shows the page without usage
 */
@ConfigurationProperties("banyan.usage")
record UsageSettings(@DefaultValue("http://localhost:8082") URI llmUri, @Nullable String internalToken,
		@DefaultValue("2s") Duration timeout) {
}
