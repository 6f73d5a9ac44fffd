/**
 * Who is calling: app-llm is an OAuth2 resource server that accepts only access tokens
 * signed by app-legacy (verified against its JWKS) and turns their claims into a
 * {@link banyan.llm.identity.Caller}.
 */
@NullMarked
package banyan.llm.identity;

import org.jspecify.annotations.NullMarked;
