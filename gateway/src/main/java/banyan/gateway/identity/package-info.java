/**
 * Edge authentication on the LLM routes: an API key becomes the access token app-legacy
 * signs for it (introspected, cached briefly); a token is verified against app-legacy's
 * JWKS. Nothing else reaches app-llm.
 */
@NullMarked
package banyan.gateway.identity;

import org.jspecify.annotations.NullMarked;
