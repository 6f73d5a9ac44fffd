/**
 * Migration of back-office endpoints to app-llm (ADR 14): shadow traffic to the
 * candidate, compared with the primary answer, without ever touching the primary.
 */
@NullMarked
package banyan.gateway.migration;

import org.jspecify.annotations.NullMarked;
