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

	/**
	 * Whether a tool may call the URL: http or https, and under a listed base URL (same
	 * scheme, host and port, path below it) or on a host a {@code *.domain} entry names.
	 */
	public boolean allows(URI url) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
			return false;
		}
		String host = url.getHost().toLowerCase(Locale.ROOT);
		for (String entry : this.allowed) {
			if (entry.startsWith("*.")) {
				if (host.endsWith(entry.substring(1))) {
					return true;
				}
				continue;
			}
			if (under(URI.create(entry), url)) {
				return true;
			}
		}
		return false;
	}

	private static boolean under(URI base, URI url) {
		return url.getScheme().equalsIgnoreCase(String.valueOf(base.getScheme()))
				&& url.getHost().equalsIgnoreCase(String.valueOf(base.getHost())) && port(url) == port(base)
				&& path(url).startsWith(path(base));
	}

	private static int port(URI url) {
		if (url.getPort() >= 0) {
			return url.getPort();
		}
		return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
	}

	private static String path(URI url) {
		String path = (url.getRawPath() != null) ? url.getRawPath() : "";
		return path.endsWith("/") ? path : path + "/";
	}

	/**
	 * The filter for a tool's {@code WebClient}: it lets through calls under the tool's
	 * own configured base URL and to the allow-list, and refuses anything else before a
	 * connection is made.
	 */
	public ExchangeFilterFunction filter(String tool, URI home) {
		return (request, next) -> {
			URI url = request.url();
			boolean http = url.getScheme() != null && url.getHost() != null
					&& (url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"));
			if (http && (under(home, url) || allows(url))) {
				return next.exchange(request);
			}
			this.events.refused("tool_url", "tool.url_not_allowed", null);
			return Mono.error(new ToolUrlRefused(tool, url));
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
