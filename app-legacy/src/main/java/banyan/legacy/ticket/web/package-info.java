/**
 * The customers and tickets API and pages.
 */
@NullMarked
package banyan.legacy.ticket.web;

import org.jspecify.annotations.NullMarked;
