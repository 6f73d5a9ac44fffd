/**
 * The legacy back office application.
 */
@NullMarked
package banyan.legacy;

import org.jspecify.annotations.NullMarked;
