package banyan.llm.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What app-llm records about requests ({@code banyan.llm.telemetry.*}).
 *
 * @param logContent whether the request log line also carries the last prompt message and
 * the answer; off by default, since both may hold personal data
 */
@ConfigurationProperties("banyan.llm.telemetry")
public record TelemetrySettings(@DefaultValue("false") boolean logContent) {
}
