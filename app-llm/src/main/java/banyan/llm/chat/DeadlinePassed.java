package banyan.llm.chat;

import java.time.Duration;

import banyan.llm.problem.KnownFailure;

/**
 * An answer took longer than the request's total deadline; its provider call was
 * cancelled.
 */
public final class DeadlinePassed extends KnownFailure {

	DeadlinePassed(Duration deadline) {
		super(Kind.UPSTREAM_TIMEOUT, "The answer took longer than the request's deadline of " + deadline.toSeconds()
				+ " s; the provider call was cancelled.");
	}

}
