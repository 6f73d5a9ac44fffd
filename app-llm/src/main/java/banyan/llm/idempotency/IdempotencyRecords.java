package banyan.llm.idempotency;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The keys in PostgreSQL, one row per tenant and key. Claiming a key is one atomic
 * statement, so of concurrent repeats exactly one runs.
 */
@Component
class IdempotencyRecords {

	private final DatabaseClient database;

	IdempotencyRecords(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Claims the key for a new run: a new key, one whose run was abandoned before the
	 * cutoff, or one that expired. Whether this caller may run the request.
	 */
	Mono<Boolean> claim(String tenant, String key, String requestHash, Instant now, Instant abandonedBefore,
			Instant expiredBefore) {
		return this.database.sql("""
				insert into idempotency_keys (tenant, key, request_hash, state, created_at)
				values (:tenant, :key, :hash, 'running', :now)
				on conflict (tenant, key) do update
				set request_hash = excluded.request_hash, state = 'running', created_at = excluded.created_at,
				    completed_at = null, status = null, content_type = null, body = null
				where (idempotency_keys.state = 'running' and idempotency_keys.created_at < :abandonedBefore)
				   or (idempotency_keys.state <> 'running' and idempotency_keys.completed_at < :expiredBefore)""")
			.bind("tenant", tenant)
			.bind("key", key)
			.bind("hash", requestHash)
			.bind("now", now)
			.bind("abandonedBefore", abandonedBefore)
			.bind("expiredBefore", expiredBefore)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	/** What is known of the key now, or empty if it is gone. */
	Mono<Stored> find(String tenant, String key) {
		return this.database
			.sql("select request_hash, state, status, content_type, body from idempotency_keys "
					+ "where tenant = :tenant and key = :key")
			.bind("tenant", tenant)
			.bind("key", key)
			.map((row, meta) -> new Stored(row.get("request_hash", String.class), row.get("state", String.class),
					row.get("status", Integer.class), row.get("content_type", String.class),
					row.get("body", byte[].class)))
			.one();
	}

	/** Records how the run ended; a replayable answer carries its body. */
	Mono<Void> complete(String tenant, String key, String state, int status, @Nullable String contentType,
			byte @Nullable [] body, Instant now) {
		var spec = this.database.sql("""
				update idempotency_keys set state = :state, status = :status, content_type = :contentType,
				    body = :body, completed_at = :now
				where tenant = :tenant and key = :key and state = 'running'""")
			.bind("tenant", tenant)
			.bind("key", key)
			.bind("state", state)
			.bind("status", status)
			.bind("now", now);
		spec = (contentType != null) ? spec.bind("contentType", contentType)
				: spec.bindNull("contentType", String.class);
		spec = (body != null) ? spec.bind("body", body) : spec.bindNull("body", byte[].class);
		return spec.then();
	}

	/** Forgets a run that charged nothing, so the client may try again with the key. */
	Mono<Void> release(String tenant, String key) {
		return this.database
			.sql("delete from idempotency_keys where tenant = :tenant and key = :key and state = 'running'")
			.bind("tenant", tenant)
			.bind("key", key)
			.then();
	}

	/** Forgets every key completed before the cutoff; how many. */
	Mono<Long> forgetCompletedBefore(Instant cutoff) {
		return this.database.sql("delete from idempotency_keys where state <> 'running' and completed_at < :cutoff")
			.bind("cutoff", cutoff)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * A key's row.
	 *
	 * @param requestHash the SHA-256 of the request it was first used with
	 * @param state {@code running}, {@code replayable} (an answer stored),
	 * {@code streamed} (delivered as a stream, or too large to store) or
	 * {@code cancelled}
	 * @param status the answer's HTTP status, once completed
	 * @param contentType the stored answer's media type
	 * @param body the stored answer
	 */
	record Stored(String requestHash, String state, @Nullable Integer status, @Nullable String contentType,
			byte @Nullable [] body) {
	}

}
