package banyan.llm.openai;

import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-style error body: {@code {"error": {"message", "type", "param", "code"}}}.
 * Sent as the body of a failed request, or as the last {@code data:} line of a stream
 * that fails after it started.
 *
 * @param error the error
 */
public record ErrorBody(Error error) {

	public static ErrorBody of(String message, String type, @Nullable String param, @Nullable String code) {
		return new ErrorBody(new Error(message, type, param, code));
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
	public record Error(String message, String type, @Nullable String param, @Nullable String code) {
	}

}
