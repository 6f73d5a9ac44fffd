package banyan.llm.rag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * RAG's durable ingestion jobs in app-llm's PostgreSQL: queued, claimed by a worker for a
 * lease, and finished; a job whose lease ran out is claimed again.
 */
@Component
class IngestionJobs {

	private final DatabaseClient database;

	IngestionJobs(DatabaseClient database) {
		this.database = database;
	}

	/** What a job does; its payload is the kind's own. */
	enum Kind {

		/**
		 * Ingests an article version from app-legacy's feed; the payload is the change.
		 */
		ARTICLE("article"),
		/** Removes an article the feed says was retracted; the payload is the change. */
		RETRACT("retract"),
		/** Ingests an uploaded or fetched document; the payload is its version. */
		UPLOAD("upload"),
		/**
		 * Embeds a stored document's chunks again with the configured model; the payload
		 * is the document's id.
		 */
		REEMBED("reembed");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		/** The kind as stored and shown. */
		String value() {
			return this.value;
		}

		static Kind of(String value) {
			for (Kind kind : values()) {
				if (kind.value.equals(value)) {
					return kind;
				}
			}
			throw new IllegalArgumentException("No job kind '" + value + "'");
		}

	}

	/** Where a job is in its life. */
	enum State {

		/** Waiting for a worker (again, after a failed attempt with attempts left). */
		QUEUED("queued"),
		/** A worker holds it until its lease ends. */
		RUNNING("running"),
		/** Done. */
		DONE("done"),
		/** Failed its last attempt. */
		FAILED("failed");

		private final String value;

		State(String value) {
			this.value = value;
		}

		/** The state as stored and shown. */
		String value() {
			return this.value;
		}

	}

	/** A job as claimed. */
	record Job(long id, String tenant, Kind kind, String payload, int attempts) {
	}

	/** A job to queue. */
	record QueuedJob(String tenant, Kind kind, String payload) {
	}

	/**
	 * Queues a job to embed again each document whose vectors another model made, unless
	 * one is queued or running already: how many were queued.
	 */
	Mono<Long> queueReembedding(String model, Instant now) {
		return this.database.sql("""
				with queued as (
				    insert into rag_jobs (tenant, kind, payload, status, created_at, updated_at)
				    select d.tenant, :kind, cast(d.id as text), 'queued', :now, :now
				    from rag_documents d
				    where d.embedding_model <> :model
				      and not exists (select 1 from rag_jobs j
				                      where j.kind = :kind and j.payload = cast(d.id as text)
				                        and j.status in ('queued', 'running'))
				    returning id)
				select count(*) as n from queued""")
			.bind("kind", Kind.REEMBED.value())
			.bind("model", model)
			.bind("now", now)
			.map((row, meta) -> row.get("n", Long.class))
			.one();
	}

	/** Queues a job; its id. */
	Mono<Long> enqueue(String tenant, Kind kind, String payload, Instant now) {
		return this.database.sql("""
				insert into rag_jobs (tenant, kind, payload, status, created_at, updated_at)
				values (:tenant, :kind, :payload, 'queued', :now, :now) returning id""")
			.bind("tenant", tenant)
			.bind("kind", kind.value())
			.bind("payload", payload)
			.bind("now", now)
			.map((row, meta) -> row.get("id", Long.class))
			.one();
	}

	/**
	 * Claims up to {@code count} of the oldest runnable jobs at once: queued ones, and
	 * running ones whose lease ran out; each is leased until {@code leaseUntil}.
	 */
	Flux<Job> claimSome(int count, Instant now, Instant leaseUntil) {
		return this.database.sql("""
				update rag_jobs set status = 'running', attempts = attempts + 1, lease_until = :lease,
				    updated_at = :now
				where id in (select id from rag_jobs
				             where status = 'queued' or (status = 'running' and lease_until < :now)
				             order by id limit :count for update skip locked)
				returning id, tenant, kind, payload, attempts""")
			.bind("now", now)
			.bind("lease", leaseUntil)
			.bind("count", count)
			.map((row, meta) -> new Job(row.get("id", Long.class), row.get("tenant", String.class),
					Kind.of(row.get("kind", String.class)), row.get("payload", String.class),
					row.get("attempts", Integer.class)))
			.all()
			.sort(Comparator.comparingLong(Job::id));
	}

	/** Sets the progress of several jobs at once. */
	Mono<Void> progress(List<Long> jobs, int percent, Instant now) {
		return this.database.sql("update rag_jobs set progress = :p, updated_at = :now where id = any(:ids)")
			.bind("p", percent)
			.bind("now", now)
			.bind("ids", jobs.toArray(Long[]::new))
			.then();
	}

	/** Marks several jobs done at once. */
	Mono<Void> done(List<Long> jobs, Instant now) {
		return this.database.sql("""
				update rag_jobs set status = 'done', error = null, lease_until = null, updated_at = :now, progress = 100
				where id = any(:ids)""").bind("now", now).bind("ids", jobs.toArray(Long[]::new)).then();
	}

	/** Ends an attempt of a job: {@link State#QUEUED} to try again, or its last state. */
	Mono<Void> finish(long job, State state, @Nullable String error, Instant now) {
		var spec = this.database.sql("""
				update rag_jobs set status = :status, error = :error, lease_until = null, updated_at = :now,
				    progress = case when :status = 'done' then 100 else progress end
				where id = :id""").bind("status", state.value()).bind("now", now).bind("id", job);
		return ((error != null) ? spec.bind("error", error) : spec.bindNull("error", String.class)).then();
	}

	/** A job's state, as {@code GET /rag/jobs/{id}} shows it, for its tenant only. */
	Mono<JobStatus> job(String tenant, long id) {
		return this.database.sql("select * from rag_jobs where id = :id and tenant = :tenant")
			.bind("id", id)
			.bind("tenant", tenant)
			.map((row, meta) -> new JobStatus(row.get("id", Long.class), row.get("kind", String.class),
					row.get("status", String.class), row.get("progress", Integer.class), row.get("error", String.class),
					row.get("attempts", Integer.class), row.get("created_at", Instant.class),
					row.get("updated_at", Instant.class)))
			.one();
	}

}
