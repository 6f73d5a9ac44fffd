/**
 * Where each request goes: LLM routes to app-llm, everything else to app-legacy.
 */
@NullMarked
package banyan.gateway.routing;

import org.jspecify.annotations.NullMarked;
