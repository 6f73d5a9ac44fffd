package banyan.legacy.security;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.legacy.token.AccessTokens;
import banyan.legacy.token.ApiClient;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.StringUtils;

/**
 * Two filter chains: the REST API and internal endpoints (HTTP Basic, session, the
 * gateway's service token, or an API client's access token for reading tickets; problem
 * bodies for 401 and 403), and everything else (form login with CSRF for the pages).
 * Management of tenants, keys and users needs {@code ADMIN}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * Access tokens come as bearer tokens on {@code /api/**}; the gateway's service token
	 * (not a JWT) on {@code /internal/**} is left to {@link ServiceTokenFilter}.
	 */
	private static final BearerTokenResolver ACCESS_TOKENS = new BearerTokenResolver() {

		private final BearerTokenResolver bearer = new DefaultBearerTokenResolver();

		@Override
		public @Nullable String resolve(HttpServletRequest request) {
			String token = this.bearer.resolve(request);
			return (token != null && request.getRequestURI().startsWith("/api/")
					&& token.chars().filter((character) -> character == '.').count() == 2) ? token : null;
		}

	};

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, SecuritySettings settings, AccessTokens tokens, JsonMapper json)
			throws Exception {
		ProblemResponses problems = new ProblemResponses(json);
		SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
		http.securityMatcher("/api/**", "/internal/**")
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/api/tenants/**", "/api/users/**", "/api/signing-keys/**", "/api/migrations/**")
				.hasRole("ADMIN")
				// An API client's token reads one of its tenant's tickets (a tool
				// in app-llm).
				.requestMatchers(HttpMethod.GET, "/api/tickets/*")
				.hasAnyRole("ADMIN", "AGENT", "CLIENT")
				.requestMatchers("/internal/**")
				.hasAnyRole("ADMIN", "SERVICE")
				.anyRequest()
				.hasAnyRole("ADMIN", "AGENT"))
			// A client that keeps the session cookie is not asked to verify its password
			// hash again.
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems).securityContextRepository(sessions))
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(ACCESS_TOKENS)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.jwt((jwt) -> jwt.decoder(tokens.decoder()).jwtAuthenticationConverter(ApiClient::authenticate)))
			.securityContext((context) -> context.securityContextRepository(sessions))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// An API client is answered, never redirected to sign in: saving a refused
			// request for later would open a session for every one of them.
			.requestCache((cache) -> cache.disable())
			// JSON-only endpoints: a cross-site form cannot send application/json without
			// a CORS preflight.
			.csrf((csrf) -> csrf.disable());
		if (StringUtils.hasText(settings.internalToken())) {
			http.addFilterBefore(new ServiceTokenFilter(settings.internalToken()), BasicAuthenticationFilter.class);
		}
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health", "info"))
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole("ADMIN")
			.requestMatchers("/login", "/error", AccessTokenClaims.JWKS_PATH, "/swagger-ui.html", "/swagger-ui/**",
					"/v3/api-docs/**", "/css/**")
			.permitAll()
			.requestMatchers("/admin/tenants/**", "/admin/users/**", "/admin/migrations/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated()).formLogin(Customizer.withDefaults()).httpBasic(Customizer.withDefaults());
		return http.build();
	}

}
