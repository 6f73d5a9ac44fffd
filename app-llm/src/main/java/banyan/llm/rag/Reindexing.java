package banyan.llm.rag;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Rebuilding the Lucene index from PostgreSQL on demand, for an operator: after restoring
 * a backup of the database, or when searches look wrong. Searches go on meanwhile;
 * changes wait for it.
 */
@Service
public class Reindexing {

	private final RagIndex index;

	Reindexing(RagIndex index) {
		this.index = index;
	}

	/**
	 * What a rebuild did.
	 *
	 * @param chunks the chunks indexed
	 * @param tookMillis how long it took, in milliseconds
	 */
	public record Rebuilt(int chunks, long tookMillis) {
	}

	/** Drops the index and indexes every chunk stored in PostgreSQL again. */
	public Mono<Rebuilt> rebuild() {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return this.index.rebuild().map((chunks) -> new Rebuilt(chunks, (System.nanoTime() - started) / 1_000_000));
		});
	}

}
