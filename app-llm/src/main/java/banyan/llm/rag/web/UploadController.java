package banyan.llm.rag.web;

import java.net.URI;

import banyan.llm.identity.Caller;
import banyan.llm.rag.Bodies;
import banyan.llm.rag.JobStatus;
import banyan.llm.rag.RagSettings;
import banyan.llm.rag.Uploads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /rag/documents}: a multipart upload of one file ({@code file}) with its
 * data domain ({@code dataDomain}) and an optional {@code title}; answered {@code 202}
 * with the ingestion job, whose state {@code GET /rag/jobs/{id}} tells.
 */
@RestController
class UploadController {

	private final Uploads uploads;

	private final int maxBytes;

	UploadController(Uploads uploads, RagSettings settings) {
		this.uploads = uploads;
		this.maxBytes = (int) settings.maxUploadSize().toBytes();
	}

	/**
	 * A URL to fetch and ingest.
	 *
	 * @param url the page or file (http or https, on the URL allow-list)
	 * @param dataDomain one of the key's data domains
	 * @param title the title; the URL when left out
	 */
	record UrlRequest(@Nullable String url, @Nullable String dataDomain, @Nullable String title) {
	}

	/** {@code POST /rag/urls}: answered {@code 202} with the ingestion job. */
	@PostMapping(path = "/rag/urls", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<JobStatus>> ingestUrl(@AuthenticationPrincipal Caller caller, @RequestBody UrlRequest request) {
		URI url;
		try {
			url = URI.create(String.valueOf(request.url()).strip());
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(invalid("url is not a URL."));
		}
		if (request.dataDomain() == null || request.dataDomain().isBlank()) {
			return Mono.error(invalid("dataDomain is required."));
		}
		return this.uploads.ingestUrl(caller, url, request.title(), request.dataDomain().strip())
			.map((job) -> ResponseEntity.accepted().location(URI.create("/rag/jobs/" + job.id())).body(job));
	}

	@PostMapping(path = "/rag/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<JobStatus>> upload(@AuthenticationPrincipal Caller caller, @RequestPart("file") FilePart file,
			@RequestPart("dataDomain") String dataDomain, @RequestPart(name = "title", required = false) String title) {
		String filename = file.filename();
		if (filename.isBlank() || filename.length() > 200) {
			return Mono.error(invalid("The file needs a name of at most 200 characters."));
		}
		return Bodies.read(file.content(), this.maxBytes, "The file")
			.flatMap((bytes) -> this.uploads.upload(caller, filename, bytes,
					(title != null && !title.isBlank()) ? title.strip() : filename, dataDomain.strip()))
			.map((job) -> ResponseEntity.accepted().location(URI.create("/rag/jobs/" + job.id())).body(job));
	}

	private static ResponseStatusException invalid(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

}
