package banyan.llm.rag;

import banyan.llm.problem.KnownFailure;

/**
 * An upload, or what a URL sent, is not Markdown, text, HTML or PDF, is not what its name
 * or content type says, or has no text to index.
 */
public final class UnsupportedContent extends KnownFailure {

	UnsupportedContent(String detail) {
		super(Kind.UNSUPPORTED_CONTENT, detail);
	}

}
