/**
 * Rate limits on the LLM routes (ADR 11): requests and tokens per minute and concurrent
 * streams per tenant at its key's rate tier, in Redis when configured so that gateway
 * replicas share them, in memory otherwise.
 */
@NullMarked
package banyan.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
