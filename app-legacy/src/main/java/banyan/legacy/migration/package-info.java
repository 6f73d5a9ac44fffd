/**
 * The control plane of migrations (ADR 14): what the gateway compared, stored and
 * reported per migrated route.
 */
@NullMarked
package banyan.legacy.migration;

import org.jspecify.annotations.NullMarked;
