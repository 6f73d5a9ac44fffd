package banyan.contracts.problem;

/**
 * An OpenAI-style error body: {@code {"error": {"message", "type", "param", "code"}}},
 * what OpenAI SDKs parse: the body of a failed {@code /v1} request (from app-llm, or from
 * the gateway when it refuses one), or the last {@code data:} line of a stream that fails
 * after it started.
 *
 * @param error the error
 */
public record OpenAiError(Error error) {

	/** An error with its fields; {@code param} and {@code code} may be {@code null}. */
	public static OpenAiError of(String message, String type, String param, String code) {
		return new OpenAiError(new Error(message, type, param, code));
	}

	/**
	 * The error.
	 *
	 * @param message a human explanation
	 * @param type the class of error, in OpenAI's vocabulary
	 * ({@code invalid_request_error}, {@code api_error}, ...)
	 * @param param the request field at fault, or {@code null}
	 * @param code a machine-readable code, or {@code null}
	 */
	public record Error(String message, String type, String param, String code) {
	}

}
