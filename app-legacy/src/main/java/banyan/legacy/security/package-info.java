/**
 * Who may call what: form login for pages, HTTP Basic or session for the REST API, a
 * service token for the gateway's internal calls, and problem bodies for 401 and 403.
 */
@NullMarked
package banyan.legacy.security;

import org.jspecify.annotations.NullMarked;
