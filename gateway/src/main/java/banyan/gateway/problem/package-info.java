/**
 * Errors of the gateway itself (an application down or too slow to answer) as RFC 9457
 * problem bodies.
 */
@NullMarked
package banyan.gateway.problem;

import org.jspecify.annotations.NullMarked;
