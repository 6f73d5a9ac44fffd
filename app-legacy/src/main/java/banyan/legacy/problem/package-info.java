/**
 * Turns every error a client can see into an RFC 9457 problem body with a stable type
 * URI.
 */
@NullMarked
package banyan.legacy.problem;

import org.jspecify.annotations.NullMarked;
