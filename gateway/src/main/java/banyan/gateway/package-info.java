/**
 * The gateway in front of app-legacy and app-llm.
 */
@NullMarked
package banyan.gateway;

import org.jspecify.annotations.NullMarked;
