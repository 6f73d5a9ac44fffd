package banyan.llm.guardrail;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * The hosts server-side tools may call
 * ({@code banyan.llm.guardrails.tool-url-allow-list}): an {@link ExchangeFilterFunction}
 * on a tool's client refuses any other URL before a connection is made, whatever the tool
 * or the model put together.
 */
@Component
public class ToolUrlPolicy {

	private final List<String> allowed;

	private final GuardrailEvents events;

	ToolUrlPolicy(GuardrailSettings settings, GuardrailEvents events) {
		this.allowed = settings.toolUrlAllowList().stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
		this.events = events;
	}

	/** Whether a tool may call the URL: http or https to a listed host. */
	public boolean allows(URI url) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
			return false;
		}
		String host = url.getHost().toLowerCase(Locale.ROOT);
		String hostAndPort = host + ":" + url.getPort();
		for (String entry : this.allowed) {
			if (entry.equals(host) || entry.equals(hostAndPort)
					|| (entry.startsWith("*.") && host.endsWith(entry.substring(1)))) {
				return true;
			}
		}
		return false;
	}

	/** The filter for a tool's {@code WebClient}. */
	public ExchangeFilterFunction filter(String tool) {
		return (request, next) -> {
			if (allows(request.url())) {
				return next.exchange(request);
			}
			this.events.refused("tool_url", "tool.url_not_allowed", null);
			return Mono.error(new ToolUrlRefused(tool, request.url()));
		};
	}

	/** A tool tried to call a URL that is not on the allow-list. */
	public static final class ToolUrlRefused extends RuntimeException {

		ToolUrlRefused(String tool, URI url) {
			super("The tool '" + tool + "' may not call " + url.getScheme() + "://" + url.getHost()
					+ " (not on the tool URL allow-list)", null, false, false);
		}

	}

}
