/**
 * Reactor Netty connection pools that keep a call on the event loop that made it.
 */
@NullMarked
package banyan.support.netty;

import org.jspecify.annotations.NullMarked;
