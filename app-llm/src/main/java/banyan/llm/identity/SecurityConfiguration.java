package banyan.llm.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every request to {@code /v1}, {@code /chat} and {@code /rag} needs an access token
 * signed by app-legacy: {@code RS256} with a key from its JWKS ({@link PublishedKeys}:
 * fetched once for all requests, again for an unknown {@code kid}), the configured
 * issuer, the audience {@code banyan-llm}, inside {@code nbf}/{@code exp} with 30 s of
 * skew, with a tenant and a key id. Anything else is a 401 with a problem body (an OpenAI
 * error body on {@code /v1}). Stateless: no session, no CSRF (no cookies are read).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	ReactiveJwtDecoder accessTokenDecoder(IdentitySettings settings, Clock clock) {
		// Idle connections are dropped before app-legacy's keep-alive would close them
		// under us.
		WebClient jwksClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(
					HttpClient.create(ConnectionProvider.builder("jwks").maxIdleTime(Duration.ofSeconds(10)).build())))
			.build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource(new PublishedKeys(jwksClient, settings.jwksUri()))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ofSeconds(30)),
				new JwtIssuerValidator(settings.issuer()),
				new JwtClaimValidator<List<String>>("aud",
						(audience) -> audience != null && audience.contains(AccessTokenClaims.AUDIENCE_LLM)),
				new JwtClaimValidator<String>(AccessTokenClaims.TENANT, SecurityConfiguration::isPresent),
				new JwtClaimValidator<String>(AccessTokenClaims.KEY_ID, SecurityConfiguration::isPresent)));
		// A JWKS that cannot be fetched is app-legacy's trouble, not a bad token: it
		// becomes an AuthenticationServiceException, answered 503 below.
		ReactiveJwtDecoder checked = (token) -> decoder.decode(token)
			.onErrorMap((failure) -> !(failure instanceof JwtException),
					(failure) -> new JwtException("The signing keys cannot be fetched from app-legacy", failure));
		return new VerifiedTokens(checked, settings.verifiedTokenCacheSize(), clock);
	}

	@Bean
	SecurityWebFilterChain llmApi(ServerHttpSecurity http, ReactiveJwtDecoder decoder, JsonMapper json) {
		return http
			.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/v1/**", "/chat/**", "/rag/**", "/api/kb/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().hasRole("CLIENT"))
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt.jwtDecoder(decoder)
					.jwtAuthenticationConverter((token) -> Mono.just(UsernamePasswordAuthenticationToken
						.authenticated(Caller.of(token), token, List.of(new SimpleGrantedAuthority("ROLE_CLIENT"))))))
				.authenticationEntryPoint((exchange, failure) -> refuse(exchange, json, HttpStatus.UNAUTHORIZED,
						"The access token is missing or not valid."))
				.authenticationFailureHandler((filterExchange, failure) -> {
					if (failure instanceof AuthenticationServiceException) {
						log.warn("Cannot verify access tokens: {}", failure.getMessage(), failure.getCause());
						return refuse(filterExchange.getExchange(), json, HttpStatus.SERVICE_UNAVAILABLE,
								"Access tokens cannot be verified right now. Please try again shortly.");
					}
					return refuse(filterExchange.getExchange(), json, HttpStatus.UNAUTHORIZED,
							"The access token is missing or not valid.");
				})
				.accessDeniedHandler((exchange, denied) -> refuse(exchange, json, HttpStatus.FORBIDDEN,
						"This credential may not use this endpoint.")))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.build();
	}

	/**
	 * {@code /internal/**} is for the back office: it needs the internal token, compared
	 * in constant time; without a configured token nobody gets in.
	 */
	@Bean
	SecurityWebFilterChain internalApi(ServerHttpSecurity http, IdentitySettings settings, JsonMapper json) {
		byte[] expected = (settings.internalToken() != null && !settings.internalToken().isBlank())
				? ("Bearer " + settings.internalToken()).getBytes(StandardCharsets.UTF_8) : null;
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/internal/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().access((authentication, context) -> {
				String presented = context.getExchange().getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
				return Mono.just(new AuthorizationDecision(expected != null && presented != null
						&& MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))));
			}))
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((exchange, failure) -> refuse(exchange, json, HttpStatus.UNAUTHORIZED,
						"This endpoint needs the internal token."))
				.accessDeniedHandler((exchange, denied) -> refuse(exchange, json, HttpStatus.UNAUTHORIZED,
						"This endpoint needs the internal token.")))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.build();
	}

	private static boolean isPresent(@Nullable Object claim) {
		return claim instanceof String value && !value.isBlank();
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, JsonMapper json, HttpStatus status, String message) {
		ServerHttpResponse response = exchange.getResponse();
		String path = exchange.getRequest().getPath().value();
		response.setStatusCode(status);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		}
		Object body;
		if (path.startsWith("/v1/")) {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			Map<String, @Nullable Object> error = new LinkedHashMap<>();
			error.put("message", message);
			error.put("type", (status.is5xxServerError()) ? "api_error" : "invalid_request_error");
			error.put("param", null);
			error.put("code", switch (status) {
				case UNAUTHORIZED -> "invalid_api_key";
				case FORBIDDEN -> "forbidden";
				default -> "upstream_unavailable";
			});
			body = Map.of("error", error);
		}
		else {
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = switch (status) {
				case UNAUTHORIZED ->
					new Problem(ProblemTypes.UNAUTHORIZED, "Unauthorized", 401, message, URI.create(path));
				case FORBIDDEN -> new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403, message, URI.create(path));
				default -> new Problem(ProblemTypes.UPSTREAM_UNAVAILABLE, "Service unavailable", status.value(),
						message, URI.create(path));
			};
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json.writeValueAsBytes(body))));
	}

}
