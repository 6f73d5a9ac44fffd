/**
 * The migration control plane: route settings, gates, compared samples and reports, API
 * and pages.
 */
@NullMarked
package banyan.legacy.migration.web;

import org.jspecify.annotations.NullMarked;
