package banyan.legacy.problem;

/**
 * A failure the caller is told in words: the modules throw facts that extend this
 * ({@code TenantNotFound}, {@code StaleArticleVersion}, ...), each of a {@link Kind};
 * only the web layer decides what a kind is on the wire ({@link ProblemAdvice} for the
 * REST API, {@link PageErrors} for the pages). The message is the problem's detail:
 * written for the caller, with no internals.
 */
public abstract class KnownFailure extends RuntimeException {

	private final Kind kind;

	private final String title;

	/**
	 * @param kind what sort of failure it is
	 * @param title a short summary that does not change with the case ({@code Tenant not
	 * found})
	 * @param detail what happened in this case
	 */
	protected KnownFailure(Kind kind, String title, String detail) {
		super(detail, null, false, false);
		this.kind = kind;
		this.title = title;
	}

	public Kind kind() {
		return this.kind;
	}

	public String title() {
		return this.title;
	}

	/** What sort of failure it is, as far as the caller is concerned. */
	public enum Kind {

		/** What the request names does not exist (for the caller). */
		NOT_FOUND,
		/** The state of what the request names does not allow the change. */
		INVALID_TRANSITION,
		/** The change was based on a version that is no longer the current one. */
		STALE_VERSION

	}

}
