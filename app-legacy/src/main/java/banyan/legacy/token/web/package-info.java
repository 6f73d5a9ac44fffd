/**
 * The JWKS endpoint and signing-key administration.
 */
@NullMarked
package banyan.legacy.token.web;

import org.jspecify.annotations.NullMarked;
