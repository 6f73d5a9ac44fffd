package banyan.llm.rag;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import banyan.llm.embedding.Embeddings;
import banyan.llm.identity.Caller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Uploaded documents: the type is checked and the text extracted at once (so a bad file
 * is refused with a clear answer), then ingestion is a job like any other. Uploading a
 * file with the same name again replaces the earlier version; the same content again
 * changes nothing.
 */
@Service
public class Uploads {

	private final IngestionJobs jobs;

	private final Embeddings embeddings;

	private final JsonMapper json;

	private final Clock clock;

	private final UrlFetcher fetcher;

	Uploads(IngestionJobs jobs, Embeddings embeddings, JsonMapper json, Clock clock, RagSettings settings,
			WebClient.Builder webClients) {
		this.jobs = jobs;
		this.embeddings = embeddings;
		this.json = json;
		this.clock = clock;
		this.fetcher = new UrlFetcher(webClients,
				new UrlPolicy(settings.urlAllowList(), settings.allowPrivateTargets()), embeddings,
				(int) settings.maxUploadSize().toBytes());
	}

	/**
	 * Queues the ingestion of a file; the job. Fails with {@link DataDomainNotAllowed}
	 * when the data domain is not one of the caller's, {@link UnsupportedContent} when
	 * the file is not Markdown, text, HTML or PDF (or not what its name says).
	 */
	public Mono<JobStatus> upload(Caller caller, String filename, byte[] content, String title, String dataDomain) {
		if (!caller.dataDomains().contains(dataDomain)) {
			return Mono.error(new DataDomainNotAllowed(dataDomain));
		}
		Extraction.Type type;
		try {
			type = Extraction.type(filename, content);
		}
		catch (UnsupportedContent refused) {
			return Mono.error(refused);
		}
		return queue(caller, DocumentSource.UPLOAD.value(), filename, type, content, title, dataDomain);
	}

	/**
	 * Fetches a URL (checked against the allow-list and never into private networks, the
	 * redirects too) and queues its ingestion; the job. Fails with
	 * {@link UrlPolicy.RefusedUrl} for a refused URL, {@link DataDomainNotAllowed} for a
	 * data domain not the caller's, and {@link ContentTooLarge},
	 * {@link UnsupportedContent} or {@link SourceUnavailable} for what the URL sent.
	 */
	public Mono<JobStatus> ingestUrl(Caller caller, URI url, String title, String dataDomain) {
		if (!caller.dataDomains().contains(dataDomain)) {
			return Mono.error(new DataDomainNotAllowed(dataDomain));
		}
		return this.fetcher.fetch(url)
			.flatMap((fetched) -> queue(caller, DocumentSource.URL.value(), url.toString(), fetched.type(),
					fetched.content(), (title != null && !title.isBlank()) ? title : url.toString(), dataDomain));
	}

	private Mono<JobStatus> queue(Caller caller, String source, String sourceId, Extraction.Type type, byte[] content,
			String title, String dataDomain) {
		return this.embeddings.offload(() -> Extraction.text(type, content)).flatMap((text) -> {
			var now = this.clock.instant();
			DocumentVersion version = new DocumentVersion(caller.tenant(), source, sourceId, now.toEpochMilli(), title,
					text, dataDomain, List.of(), now);
			return this.jobs.enqueue(caller.tenant(), IngestionJobs.Kind.UPLOAD, this.json.writeValueAsString(version),
					now);
		}).flatMap((id) -> this.jobs.job(caller.tenant(), id));
	}

}
