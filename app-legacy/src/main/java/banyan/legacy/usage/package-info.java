/**
 * What tenants' LLM requests used and cost, read from app-llm's usage ledger for the back
 * office.
 */
@NullMarked
package banyan.legacy.usage;

import org.jspecify.annotations.NullMarked;
