package banyan.legacy.user;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the first start creates ({@code banyan.first-start.*}, or the environment
 * variables named below).
 *
 * @param adminPassword the password of the {@code admin} user
 * ({@code BANYAN_ADMIN_PASSWORD}); when empty, one is generated and printed once. When
 * set, the admin is also created on an external database.
 * @param demoApiKey the API key of the {@code demo} tenant ({@code BANYAN_DEMO_API_KEY}),
 * at least 20 characters; when empty, one is generated and printed once
 */
@ConfigurationProperties("banyan.first-start")
record FirstStartSettings(@Nullable String adminPassword, @Nullable String demoApiKey) {
}
