package banyan.llm.chat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How streams behave ({@code banyan.llm.stream.*}).
 *
 * @param heartbeat how long a Banyan stream may stay silent before a {@code : ping}
 * comment is sent to keep proxies and clients from closing it
 */
@ConfigurationProperties("banyan.llm.stream")
public record StreamSettings(@DefaultValue("15s") Duration heartbeat) {
}
