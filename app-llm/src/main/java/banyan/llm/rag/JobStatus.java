package banyan.llm.rag;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An ingestion job as {@code GET /rag/jobs/{id}} shows it.
 *
 * @param id the job
 * @param kind what it ingests ({@code article}, {@code retract}, ...)
 * @param status {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param progress how far it is, 0 to 100
 * @param error why it failed, when it did (or why its last attempt did)
 * @param attempts how often it was started
 * @param createdAt when it was queued
 * @param updatedAt when it last changed
 */
public record JobStatus(long id, String kind, String status, int progress, @Nullable String error, int attempts,
		Instant createdAt, Instant updatedAt) {
}
