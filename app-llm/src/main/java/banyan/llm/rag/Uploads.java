package banyan.llm.rag;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import banyan.llm.embedding.Embeddings;
import banyan.llm.identity.Caller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * Uploaded documents: the type is checked and the text extracted at once (so a bad file
 * is refused with a clear answer), then ingestion is a job like any other. Uploading a
 * file with the same name again replaces the earlier version; the same content again
 * changes nothing.
 */
@Service
public class Uploads {

	private final RagStore store;

	private final Embeddings embeddings;

	private final JsonMapper json;

	private final Clock clock;

	private final UrlFetcher fetcher;

	Uploads(RagStore store, Embeddings embeddings, JsonMapper json, Clock clock, RagSettings settings,
			WebClient.Builder webClients) {
		this.store = store;
		this.embeddings = embeddings;
		this.json = json;
		this.clock = clock;
		this.fetcher = new UrlFetcher(webClients,
				new UrlPolicy(settings.urlAllowList(), settings.allowPrivateTargets()), embeddings,
				(int) settings.maxUploadSize().toBytes());
	}

	/**
	 * Queues the ingestion of a file; the job.
	 * @throws ResponseStatusException 403 when the data domain is not one of the
	 * caller's, 415 when the file is not Markdown, text, HTML or PDF (or not what its
	 * name says)
	 */
	public Mono<JobStatus> upload(Caller caller, String filename, byte[] content, String title, String dataDomain) {
		if (!caller.dataDomains().contains(dataDomain)) {
			return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
					"The key may not write to the data domain '" + dataDomain + "'."));
		}
		Extraction.Type type;
		try {
			type = Extraction.type(filename, content);
		}
		catch (Extraction.UnsupportedUpload refused) {
			return Mono.error(new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, refused.getMessage()));
		}
		return queue(caller, IngestionWorker.SOURCE_UPLOAD, filename, type, content, title, dataDomain);
	}

	/**
	 * Fetches a URL (checked against the allow-list and never into private networks, the
	 * redirects too) and queues its ingestion; the job.
	 * @throws ResponseStatusException 400 for a refused URL, 403 for a data domain not
	 * the caller's, 413, 415 or 502 for what the URL sent
	 */
	public Mono<JobStatus> ingestUrl(Caller caller, URI url, String title, String dataDomain) {
		if (!caller.dataDomains().contains(dataDomain)) {
			return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
					"The key may not write to the data domain '" + dataDomain + "'."));
		}
		return this.fetcher.fetch(url)
			.onErrorMap(UrlPolicy.RefusedUrl.class,
					(refused) -> new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage()))
			.flatMap((fetched) -> queue(caller, IngestionWorker.SOURCE_URL, url.toString(), fetched.type(),
					fetched.content(), (title != null && !title.isBlank()) ? title : url.toString(), dataDomain));
	}

	private Mono<JobStatus> queue(Caller caller, String source, String sourceId, Extraction.Type type, byte[] content,
			String title, String dataDomain) {
		return this.embeddings.offload(() -> Extraction.text(type, content))
			.onErrorMap(Extraction.UnsupportedUpload.class,
					(refused) -> new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, refused.getMessage()))
			.flatMap((text) -> {
				var now = this.clock.instant();
				DocumentVersion version = new DocumentVersion(caller.tenant(), source, sourceId, now.toEpochMilli(),
						title, text, dataDomain, List.of(), now);
				return this.store.enqueue(caller.tenant(), IngestionWorker.UPLOAD,
						this.json.writeValueAsString(version), now);
			})
			.flatMap((id) -> this.store.job(caller.tenant(), id));
	}

}
