package banyan.llm.rag;

import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * How far app-llm has read the change feeds it follows, in app-llm's PostgreSQL; a cursor
 * moves in the transaction that queues the jobs of what it moves past.
 */
@Component
class FeedCursors {

	private final DatabaseClient database;

	private final IngestionJobs jobs;

	private final TransactionalOperator transactions;

	FeedCursors(DatabaseClient database, IngestionJobs jobs, TransactionalOperator transactions) {
		this.database = database;
		this.jobs = jobs;
		this.transactions = transactions;
	}

	Mono<Long> cursor(String name) {
		return this.database.sql("select position from rag_feed_cursor where name = :name")
			.bind("name", name)
			.map((row, meta) -> row.get("position", Long.class))
			.one()
			.defaultIfEmpty(0L);
	}

	/**
	 * Queues the jobs and moves the cursor in one transaction: nothing missed or twice.
	 */
	Mono<Void> queueAndAdvance(String name, List<IngestionJobs.QueuedJob> queued, long position, Instant now) {
		return Flux.fromIterable(queued)
			.concatMap((job) -> this.jobs.enqueue(job.tenant(), job.kind(), job.payload(), now))
			.then(this.database.sql("""
					insert into rag_feed_cursor (name, position) values (:name, :position)
					on conflict (name) do update set position = excluded.position""")
				.bind("name", name)
				.bind("position", position)
				.then())
			.as(this.transactions::transactional);
	}

}
