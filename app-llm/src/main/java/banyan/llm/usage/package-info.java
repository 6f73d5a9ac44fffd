/**
 * Metering and money: every request reserves its worst-case cost against the budgets of
 * its tenant and key before any provider is called, settles to the real cost when it
 * ends, and leaves one row in the usage ledger.
 */
@NullMarked
package banyan.llm.usage;

import org.jspecify.annotations.NullMarked;
