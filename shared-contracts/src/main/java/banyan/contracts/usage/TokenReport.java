package banyan.contracts.usage;

/**
 * How app-llm tells the gateway how many tokens an answer used, so the gateway can charge
 * a tenant's tokens-per-minute limit without parsing bodies (ADR 11): a header on a whole
 * answer, and an SSE comment line in a stream (clients ignore comments).
 */
public final class TokenReport {

	/** The response header on a whole (non-streamed) answer: input plus output tokens. */
	public static final String HEADER = "Banyan-Tokens";

	/**
	 * The SSE comment in a stream, followed by the decimal count of input plus output
	 * tokens: {@code :banyan-tokens=123}, on a line of its own.
	 */
	public static final String COMMENT = "banyan-tokens=";

	private TokenReport() {
	}

}
