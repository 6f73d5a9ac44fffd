package banyan.gateway.migration;

/**
 * What became of a sampled request, as the {@code banyan.migration.samples} counter tags
 * it.
 */
enum SampleOutcome {

	/** Both answers agree, after the route's rules. */
	MATCH("match"),
	/** They differ. */
	MISMATCH("mismatch"),
	/** The candidate failed or did not answer in time. */
	CANDIDATE_FAILED("candidate-failed"),
	/** The identity bridge did not know the credential: nothing to send the candidate. */
	NOT_MIRRORED("not-mirrored"),
	/** The identity bridge did not answer in time. */
	DROPPED_BRIDGE("dropped-bridge"),
	/** {@code max-concurrent} mirrored calls were in flight already. */
	DROPPED_CAPACITY("dropped-capacity"),
	/** A body was larger than {@code max-body}. */
	DROPPED_TOO_LARGE("dropped-too-large");

	private final String value;

	SampleOutcome(String value) {
		this.value = value;
	}

	/** The outcome as the metrics and the stored results write it. */
	String value() {
		return this.value;
	}

}
