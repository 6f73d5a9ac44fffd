package banyan.gateway.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.contracts.problem.ProblemTypes;
import banyan.gateway.problem.EdgeRefusal;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authenticates a request to app-llm at the edge. The client sends
 * {@code Authorization: Bearer} with an API key or an access token; app-llm receives an
 * access token signed by app-legacy, whatever the client sent. No credential, an inactive
 * key or a token that does not verify is answered here with 401: an OpenAI error body on
 * {@code /v1}, a problem body elsewhere.
 */
public class EdgeAuthentication implements GatewayFilter, Ordered {

	private final KeyIntrospector keys;

	private final ReactiveJwtDecoder tokens;

	private final JsonMapper json;

	public EdgeAuthentication(WebClient.Builder builder, URI legacyUri, AuthSettings settings, JsonMapper json) {
		// Idle connections are dropped before app-legacy's keep-alive would close them
		// under us.
		WebClient.Builder legacy = builder.clone()
			.clientConnector(
					new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.builder("legacy-identity")
						.maxIdleTime(Duration.ofSeconds(10))
						.pendingAcquireMaxCount(-1)
						.build())));
		this.keys = new KeyIntrospector(legacy.clone(), legacyUri, settings);
		this.tokens = decoder(legacy.build(), settings.jwksUri(legacyUri), settings.issuer());
		this.json = json;
	}

	/**
	 * The rules app-llm applies too: {@code RS256} with a published key, the issuer, the
	 * audience {@code banyan-llm}, inside {@code nbf}/{@code exp} with 30 s of skew.
	 */
	static ReactiveJwtDecoder decoder(WebClient client, URI jwksUri, String issuer) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri.toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.webClient(client)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ofSeconds(30)),
				new JwtIssuerValidator(issuer), new JwtClaimValidator<List<String>>("aud",
						(audience) -> audience != null && audience.contains(AccessTokenClaims.AUDIENCE_LLM))));
		return decoder;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String credential = bearer(exchange.getRequest().getHeaders());
		if (credential == null) {
			return reject(exchange, "Send your API key as 'Authorization: Bearer <key>'.");
		}
		return accessToken(credential).flatMap((verified) -> {
			verified.caller().attachTo(exchange);
			return chain.filter(exchange.mutate()
				.request((request) -> request.headers((headers) -> headers.setBearerAuth(verified.token())))
				.build());
		}).onErrorResume(Unauthenticated.class, (failure) -> reject(exchange, failure.getMessage()));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private Mono<Verified> accessToken(String credential) {
		if (isJwt(credential)) {
			return this.tokens.decode(credential)
				.map((jwt) -> new Verified(credential,
						new EdgeCaller(String.valueOf(jwt.getClaimAsString(AccessTokenClaims.TENANT)),
								String.valueOf(jwt.getClaimAsString(AccessTokenClaims.KEY_ID)),
								jwt.getClaimAsString(AccessTokenClaims.RATE_TIER))))
				.onErrorMap(BadJwtException.class,
						(failure) -> new Unauthenticated("The access token is not valid: " + failure.getMessage()))
				// The keys cannot be fetched: app-legacy's trouble, not the client's.
				.onErrorMap((failure) -> !(failure instanceof Unauthenticated),
						(failure) -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
								"Access tokens cannot be verified right now", failure));
		}
		return this.keys.introspect(credential).map((answer) -> {
			if (!answer.active() || answer.token() == null) {
				throw new Unauthenticated("The API key is not valid. It may be mistyped, revoked or expired.");
			}
			return new Verified(answer.token(), new EdgeCaller(answer.tenant(), answer.keyId(), answer.rateTier()));
		});
	}

	private Mono<Void> reject(ServerWebExchange exchange, String message) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return new EdgeRefusal(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", message,
				"invalid_request_error", "invalid_api_key")
			.writeTo(exchange, this.json);
	}

	private static @Nullable String bearer(HttpHeaders headers) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String credential = authorization.substring(7).strip();
		return (credential.isEmpty() || credential.length() > 8192) ? null : credential;
	}

	/** The access token to forward and whom it names. */
	private record Verified(String token, EdgeCaller caller) {
	}

	private static boolean isJwt(String credential) {
		return credential.chars().filter((character) -> character == '.').count() == 2;
	}

}
