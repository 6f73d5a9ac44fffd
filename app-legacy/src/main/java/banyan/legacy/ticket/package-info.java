/**
 * Customers and their support tickets: a status workflow, assignment, comments.
 */
@NullMarked
package banyan.legacy.ticket;

import org.jspecify.annotations.NullMarked;
