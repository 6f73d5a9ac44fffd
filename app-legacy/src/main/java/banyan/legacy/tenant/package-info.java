/**
 * Tenants, the customers of the LLM API, and their API keys: issued once, stored as a
 * hash, scoped, expiring, revocable and rotatable.
 */
@NullMarked
package banyan.legacy.tenant;

import org.jspecify.annotations.NullMarked;
