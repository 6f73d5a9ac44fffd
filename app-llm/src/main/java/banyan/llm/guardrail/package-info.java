/**
 * Guardrails (ADR 12): on the way in, caps on {@code max_tokens} and screening for prompt
 * injection (rules plus similarity to a written attack set, per tenant blocking or
 * flagging); on the way out, redaction of personal data, secrets and the system-prompt
 * canary on the stream itself. Every refusal and redaction is counted and logged with a
 * reason code, never with the content.
 */
@NullMarked
package banyan.llm.guardrail;

import org.jspecify.annotations.NullMarked;
