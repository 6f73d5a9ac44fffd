/**
 * {@code Idempotency-Key} on the requests that cost money: a repeat of a completed
 * request replays its answer (or, for a stream, is refused), a repeat while it runs is a
 * conflict, and no request is charged twice.
 */
@NullMarked
package banyan.llm.idempotency;

import org.jspecify.annotations.NullMarked;
