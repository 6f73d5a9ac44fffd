/**
 * Access tokens: the RSA keys that sign them (rotated, published as a JWKS), the tokens
 * issued for API keys, and the verification of those tokens on app-legacy's own API.
 */
@NullMarked
package banyan.legacy.token;

import org.jspecify.annotations.NullMarked;
