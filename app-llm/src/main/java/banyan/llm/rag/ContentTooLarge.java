package banyan.llm.rag;

import banyan.llm.problem.KnownFailure;

/** An upload, or what a URL sent, is larger than ingestion takes. */
public final class ContentTooLarge extends KnownFailure {

	ContentTooLarge(String what, int maxBytes) {
		super(Kind.TOO_LARGE, what + " is larger than " + maxBytes + " bytes.");
	}

}
