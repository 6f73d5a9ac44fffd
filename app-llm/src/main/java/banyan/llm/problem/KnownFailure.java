package banyan.llm.problem;

/**
 * A failure whose cause the client is told in words: the modules throw facts that extend
 * this ({@code ContentTooLarge}, {@code DeadlinePassed}, ...), each of a {@link Kind};
 * only {@link Problems} decides what a kind is on the wire (status, type, OpenAI's error
 * code). The message is the problem's detail: written for the client, with no internals.
 */
public abstract class KnownFailure extends RuntimeException {

	private final Kind kind;

	protected KnownFailure(Kind kind, String detail) {
		super(detail, null, false, false);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	/** What sort of failure it is, as far as the client is concerned. */
	public enum Kind {

		/** The request asks for something that cannot be done as asked. */
		INVALID_REQUEST,
		/** The caller may not do it. */
		FORBIDDEN,
		/** What was sent (or fetched for it) is larger than allowed. */
		TOO_LARGE,
		/** What was sent (or fetched for it) is of a kind Banyan cannot read. */
		UNSUPPORTED_CONTENT,
		/** A system Banyan depends on for the answer failed. */
		UPSTREAM_UNAVAILABLE,
		/** The answer took longer than allowed. */
		UPSTREAM_TIMEOUT

	}

}
