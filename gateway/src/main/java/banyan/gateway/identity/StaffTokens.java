package banyan.gateway.identity;

import java.net.URI;
import java.time.Duration;

import banyan.contracts.identity.KeyIntrospection;
import banyan.contracts.identity.StaffCredential;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The identity bridge of ADR 14: an access token for app-llm in the tenant of a staff
 * member, from the member's own HTTP Basic credential, asked of app-legacy and remembered
 * (by the credential's SHA-256) like an API key's introspection.
 */
public class StaffTokens {

	private final KeyIntrospector bridge;

	/**
	 * The most bridge calls at once. A member's first call costs app-legacy a password
	 * hash check (bcrypt, tens of milliseconds of CPU); when a mirror percentage rises,
	 * many members need one at the same moment, and without a bound that burst would take
	 * app-legacy's CPU from the primary traffic.
	 */
	static final int MAX_CONCURRENT = 2;

	/** The most bridge calls waiting for one of those; more fail at once. */
	static final int MAX_PENDING = 32;

	public StaffTokens(WebClient.Builder builder, URI legacyUri, AuthSettings settings) {
		this.bridge = new KeyIntrospector(
				builder.clone()
					.clientConnector(new ReactorClientHttpConnector(
							HttpClient.create(ConnectionProvider.builder("legacy-staff-tokens")
								.maxConnections(MAX_CONCURRENT)
								.pendingAcquireMaxCount(MAX_PENDING)
								.maxIdleTime(Duration.ofSeconds(10))
								.build()))),
				legacyUri, settings, "/internal/staff/access-token", StaffCredential::new);
	}

	/**
	 * The answer for an {@code Authorization} header: active with the tenant and a token,
	 * or inactive.
	 */
	public Mono<KeyIntrospection> forCredential(String authorization) {
		return this.bridge.introspect(authorization);
	}

}
