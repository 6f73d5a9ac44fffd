package banyan.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import banyan.contracts.identity.AccessTokenClaims;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpHeaders;

/**
 * Access tokens for tests, signed like app-legacy signs them, with the public key served
 * as a JWKS on loopback. Every test application context points app-llm at that JWKS
 * ({@link JwksProperty}, registered in {@code META-INF/spring.factories}).
 */
public final class TestTokens {

	/** The tenant of {@link #bearer()}. */
	public static final String TENANT = "tenant-a";

	/** The key that signs test tokens; its {@code kid} is in the served JWKS. */
	public static final RSAKey SIGNING_KEY = generate("test-signing-key");

	private static URI jwksUri;

	private TestTokens() {
	}

	/** An {@code Authorization} value for {@link #TENANT}, allowed every model. */
	public static String bearer() {
		return "Bearer " + token(TENANT, List.of());
	}

	/** The header for a WebSocket handshake. */
	public static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.AUTHORIZATION, bearer());
		return headers;
	}

	/** A valid token for the tenant, allowed the given models (empty: all). */
	public static String token(String tenant, List<String> models) {
		return sign(claims(tenant).claim(AccessTokenClaims.MODELS, models).build(), SIGNING_KEY);
	}

	/** The claims app-legacy would put in a token for the tenant, valid for 5 minutes. */
	public static JWTClaimsSet.Builder claims(String tenant) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(AccessTokenClaims.DEFAULT_ISSUER)
			.subject("key:1")
			.audience(List.of(AccessTokenClaims.AUDIENCE_LLM, AccessTokenClaims.AUDIENCE_LEGACY))
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim(AccessTokenClaims.TENANT, tenant)
			.claim(AccessTokenClaims.KEY_ID, "1")
			.claim(AccessTokenClaims.MODELS, List.of())
			.claim(AccessTokenClaims.RATE_TIER, "standard")
			.claim(AccessTokenClaims.DATA_DOMAINS, List.of());
	}

	/** The claims signed with the key, {@code RS256}, naming the key's {@code kid}. */
	public static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			token.sign(new RSASSASigner(key));
			return token.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A fresh RSA key with the given {@code kid}. */
	public static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Where the JWKS with {@link #SIGNING_KEY} is served; started on first use. */
	public static synchronized URI jwksUri() {
		if (jwksUri == null) {
			byte[] jwks = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
				server.createContext(AccessTokenClaims.JWKS_PATH, (exchange) -> {
					exchange.getResponseHeaders().set("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, jwks.length);
					try (OutputStream body = exchange.getResponseBody()) {
						body.write(jwks);
					}
				});
				server.start();
				jwksUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + AccessTokenClaims.JWKS_PATH);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return jwksUri;
	}

	/** Points every test context at the test JWKS. */
	static class JwksProperty implements EnvironmentPostProcessor {

		@Override
		public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("test-jwks",
						Map.of("banyan.llm.identity.jwks-uri", jwksUri().toString())));
		}

	}

}
