/**
 * The built-in offline provider: deterministic, no network, and honest that it is not a
 * generative model.
 */
@NullMarked
package banyan.llm.provider.local;

import org.jspecify.annotations.NullMarked;
