/**
 * The conversations API: a stored conversation read or deleted by its tenant.
 */
@NullMarked
package banyan.llm.conversation.web;

import org.jspecify.annotations.NullMarked;
