package banyan.contracts.problem;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body as it crosses a process boundary, for example inside a
 * stream's {@code error} event.
 *
 * @param type a stable URI from {@link ProblemTypes} naming the kind of problem
 * @param title a short, human summary of the type
 * @param status the HTTP status code this problem corresponds to
 * @param detail a human explanation of this occurrence; never a stack trace
 * @param instance the request or stream this occurrence belongs to, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, URI instance) {

	public static Problem of(URI type, String title, int status, String detail) {
		return new Problem(type, title, status, detail, null);
	}

}
