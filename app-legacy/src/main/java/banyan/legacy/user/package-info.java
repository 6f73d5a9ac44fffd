/**
 * Back-office users: who may sign in, with which role, in which tenant.
 */
@NullMarked
package banyan.legacy.user;

import org.jspecify.annotations.NullMarked;
