package banyan.legacy.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security settings ({@code banyan.security.*}).
 *
 * @param internalToken the bearer token the gateway presents on {@code /internal/**}
 * ({@code BANYAN_INTERNAL_TOKEN}); when empty, only administrators can call those
 * endpoints
 */
@ConfigurationProperties("banyan.security")
record SecuritySettings(@Nullable String internalToken) {
}
