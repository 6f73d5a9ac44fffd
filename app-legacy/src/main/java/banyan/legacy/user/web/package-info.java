/**
 * The back-office users API and pages.
 */
@NullMarked
package banyan.legacy.user.web;

import org.jspecify.annotations.NullMarked;
