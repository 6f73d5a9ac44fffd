package banyan.llm.guardrail;

import java.net.URI;

/**
 * A request the guardrails refuse before any provider is called.
 */
public class GuardrailRefusal extends RuntimeException {

	private final URI type;

	private final String title;

	private final String reason;

	GuardrailRefusal(URI type, String title, String detail, String reason) {
		super(detail, null, false, false);
		this.type = type;
		this.title = title;
		this.reason = reason;
	}

	/** The problem type. */
	public URI type() {
		return this.type;
	}

	/** The problem title. */
	public String title() {
		return this.title;
	}

	/** The reason code, as counted and logged. */
	public String reason() {
		return this.reason;
	}

}
