/**
 * Server-side tools that a model may call while answering {@code /chat/stream}: what each
 * does and how it is called for the caller, within its tenant.
 */
@NullMarked
package banyan.llm.tool;

import org.jspecify.annotations.NullMarked;
