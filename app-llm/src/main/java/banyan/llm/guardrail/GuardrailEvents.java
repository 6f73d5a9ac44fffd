package banyan.llm.guardrail;

import banyan.llm.identity.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Every refusal, flag and redaction: counted in {@code banyan.guardrail.events}
 * ({@code guardrail}, {@code reason}, {@code action}) and logged on
 * {@code banyan.llm.guardrails} with its reason code and the caller, never with the
 * content.
 */
@Component
class GuardrailEvents {

	private static final Logger log = LoggerFactory.getLogger("banyan.llm.guardrails");

	private final MeterRegistry meters;

	GuardrailEvents(MeterRegistry meters) {
		this.meters = meters;
	}

	void refused(String guardrail, String reason, @Nullable Caller caller) {
		record(guardrail, reason, "blocked", caller, 1);
	}

	void flagged(String guardrail, String reason, @Nullable Caller caller) {
		record(guardrail, reason, "flagged", caller, 1);
	}

	void redacted(String reason, @Nullable Caller caller, int count) {
		record("redaction", reason, "redacted", caller, count);
	}

	private void record(String guardrail, String reason, String action, @Nullable Caller caller, int count) {
		Counter.builder("banyan.guardrail.events")
			.description("Guardrail refusals, flags and redactions")
			.tag("guardrail", guardrail)
			.tag("reason", reason)
			.tag("action", action)
			.register(this.meters)
			.increment(count);
		log.atInfo()
			.addKeyValue("guardrail", guardrail)
			.addKeyValue("reason", reason)
			.addKeyValue("action", action)
			.addKeyValue("count", count)
			.addKeyValue("tenant", (caller != null) ? caller.tenant() : null)
			.addKeyValue("key_id", (caller != null) ? caller.keyId() : null)
			.log("guardrail {} {}", action, reason);
	}

}
