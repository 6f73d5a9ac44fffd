package banyan.llm.usage;

/** How a request's answer ended, as the ledger, the metrics and the log line write it. */
public enum Outcome {

	/** The whole answer was delivered. */
	OK("ok"),
	/** It failed before its end. */
	ERROR("error"),
	/** The client went away before its end. */
	CANCELLED("cancelled");

	private final String value;

	Outcome(String value) {
		this.value = value;
	}

	/** The outcome as it is written: {@code ok}, {@code error} or {@code cancelled}. */
	public String value() {
		return this.value;
	}

}
