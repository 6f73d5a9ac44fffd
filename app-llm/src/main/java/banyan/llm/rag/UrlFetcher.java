package banyan.llm.rag;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import banyan.llm.embedding.Embeddings;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Fetches a URL for ingestion without being turned against the network it runs in: every
 * hop (the URL and each redirect, at most three) is checked by the {@link UrlPolicy}
 * before it is requested, redirects are never followed blindly, and the body is capped.
 */
final class UrlFetcher {

	private static final int MAX_REDIRECTS = 3;

	private final WebClient client;

	private final UrlPolicy policy;

	private final Embeddings offloader;

	private final int maxBytes;

	UrlFetcher(WebClient.Builder builder, UrlPolicy policy, Embeddings offloader, int maxBytes) {
		this.client = builder.clone()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.followRedirect(false)
				.responseTimeout(Duration.ofSeconds(15))
				// The address connected to is checked too, not only the one the policy
				// saw.
				.resolver(new CheckedAddresses(policy, Schedulers.boundedElastic()))))
			.build();
		this.policy = policy;
		this.offloader = offloader;
		this.maxBytes = maxBytes;
	}

	/** What was fetched: the final URL, its type and its bytes. */
	record Fetched(URI url, Extraction.Type type, byte[] content) {
	}

	Mono<Fetched> fetch(URI url) {
		return hop(url, 0);
	}

	private Mono<Fetched> hop(URI url, int redirects) {
		return this.offloader.offload(() -> {
			this.policy.check(url);
			return url;
		}).flatMap((checked) -> this.client.get().uri(checked).exchangeToMono((response) -> {
			if (response.statusCode().is3xxRedirection()) {
				String location = response.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION);
				if (location == null || redirects >= MAX_REDIRECTS) {
					return response.releaseBody()
						.then(Mono.error(new UrlPolicy.RefusedUrl("The URL redirects too often or nowhere.")));
				}
				return response.releaseBody().then(Mono.defer(() -> hop(checked.resolve(location), redirects + 1)));
			}
			if (!response.statusCode().is2xxSuccessful()) {
				return response.releaseBody().then(Mono.error(new SourceUnavailable(response.statusCode().value())));
			}
			Extraction.Type type = type(response.headers().contentType().orElse(null));
			return Bodies.read(response.body((message, context) -> message.getBody()), this.maxBytes, "The page")
				.map((bytes) -> new Fetched(checked, type, bytes));
		}));
	}

	private static Extraction.Type type(MediaType type) {
		if (type == null) {
			throw new UnsupportedContent("The URL sent no content type.");
		}
		String name = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
		return switch (name) {
			case "text/html", "application/xhtml+xml" -> Extraction.Type.HTML;
			case "text/plain" -> Extraction.Type.TEXT;
			case "text/markdown" -> Extraction.Type.MARKDOWN;
			case "application/pdf" -> Extraction.Type.PDF;
			default ->
				throw new UnsupportedContent("The URL's content (" + name + ") is not HTML, text, Markdown or PDF.");
		};
	}

}
