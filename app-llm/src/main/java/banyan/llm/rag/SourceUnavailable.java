package banyan.llm.rag;

import banyan.llm.problem.KnownFailure;

/** A URL to ingest answered with an error. */
public final class SourceUnavailable extends KnownFailure {

	SourceUnavailable(int status) {
		super(Kind.UPSTREAM_UNAVAILABLE, "The URL answered " + status + ".");
	}

}
