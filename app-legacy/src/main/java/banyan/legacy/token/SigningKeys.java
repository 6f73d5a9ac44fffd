package banyan.legacy.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing keys: which one signs now, which are published, and their rotation. Several
 * app-legacy replicas share the table; each rereads the active key at least every
 * {@link #ACTIVE_KEY_REFRESH}, and a unique index keeps one key active.
 */
@Component
public class SigningKeys {

	static final Duration ACTIVE_KEY_REFRESH = Duration.ofMinutes(1);

	private static final Duration PUBLISHED_KEYS_REFRESH = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final TokenSettings settings;

	private final Clock clock;

	private volatile @Nullable Loaded<SigningKey> active;

	private volatile @Nullable Loaded<JWKSet> published;

	SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, TokenSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = settings;
		this.clock = clock;
	}

	/** The key that signs new tokens; made on first use. */
	SigningKey active() {
		Instant now = this.clock.instant();
		Loaded<SigningKey> loaded = this.active;
		if (loaded == null || loaded.isOlderThan(ACTIVE_KEY_REFRESH, now)) {
			SigningKey key = findActive().orElseGet(() -> create(now));
			loaded = new Loaded<>(key, now);
			this.active = loaded;
		}
		return loaded.value();
	}

	/**
	 * The public keys verifiers accept: the active one and each retired one whose tokens
	 * may still be valid.
	 */
	public JWKSet published() {
		Instant now = this.clock.instant();
		Loaded<JWKSet> loaded = this.published;
		if (loaded == null || loaded.isOlderThan(PUBLISHED_KEYS_REFRESH, now)) {
			active();
			List<JWK> keys = this.jdbc
				.sql("select * from signing_keys where retired_at is null or retired_at > ? order by created_at desc")
				.param(timestamp(now.minus(this.settings.publishedAfterRetirement())))
				.query(SigningKeys::row)
				.stream()
				.map((key) -> (JWK) key.publicJwk())
				.toList();
			loaded = new Loaded<>(new JWKSet(keys), now);
			this.published = loaded;
		}
		return loaded.value();
	}

	/**
	 * Retires the active key and makes a new one, which signs from now on. Tokens signed
	 * by the old key stay valid until they expire.
	 * @return the new key's id
	 */
	public String rotate() {
		Instant now = this.clock.instant();
		SigningKey key = this.transactions.execute((status) -> {
			this.jdbc.sql("update signing_keys set retired_at = ? where retired_at is null")
				.param(timestamp(now))
				.update();
			SigningKey created = SigningKey.generate(now);
			insert(created);
			return created;
		});
		this.active = new Loaded<>(key, now);
		this.published = null;
		log.info("Rotated the token signing key; '{}' signs from now on", key.kid());
		return key.kid();
	}

	/** Rotates when the active key is older than the rotation period. */
	@Scheduled(fixedDelayString = "${banyan.security.tokens.rotation-check:1h}", initialDelay = 0)
	void rotateWhenDue() {
		Instant now = this.clock.instant();
		SigningKey key = active();
		if (!key.createdAt().plus(this.settings.rotationPeriod()).isAfter(now)) {
			rotate();
		}
	}

	/** Every key still stored, newest first, for administrators. */
	public List<KeyInfo> all() {
		Instant horizon = this.clock.instant().minus(this.settings.publishedAfterRetirement());
		return this.jdbc.sql("select * from signing_keys order by created_at desc")
			.query(SigningKeys::row)
			.stream()
			.map((key) -> new KeyInfo(key.kid(), SigningKey.ALGORITHM, key.createdAt(), key.retiredAt(),
					key.retiredAt() == null || key.retiredAt().isAfter(horizon)))
			.toList();
	}

	private Optional<SigningKey> findActive() {
		return this.jdbc.sql("select * from signing_keys where retired_at is null").query(SigningKeys::row).optional();
	}

	private SigningKey create(Instant now) {
		SigningKey key = SigningKey.generate(now);
		try {
			insert(key);
			log.info("Made the first token signing key '{}'", key.kid());
			return key;
		}
		catch (DuplicateKeyException ex) {
			// Another replica made it first.
			return findActive().orElseThrow(() -> ex);
		}
	}

	private void insert(SigningKey key) {
		this.jdbc.sql(
				"insert into signing_keys (kid, algorithm, public_key, private_key, created_at) values (?, ?, ?, ?, ?)")
			.params(key.kid(), SigningKey.ALGORITHM, key.publicKey(), key.privateKey(), timestamp(key.createdAt()))
			.update();
	}

	private static SigningKey row(ResultSet row, int number) throws SQLException {
		OffsetDateTime retiredAt = row.getObject("retired_at", OffsetDateTime.class);
		return new SigningKey(row.getString("kid"), row.getBytes("public_key"), row.getBytes("private_key"),
				row.getObject("created_at", OffsetDateTime.class).toInstant(),
				(retiredAt != null) ? retiredAt.toInstant() : null);
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * A signing key as administrators see it.
	 *
	 * @param kid the key id
	 * @param algorithm the JWS algorithm
	 * @param createdAt when it was made
	 * @param retiredAt when it stopped signing, or {@code null} while active
	 * @param published whether verifiers still accept its tokens
	 */
	public record KeyInfo(String kid, String algorithm, Instant createdAt, @Nullable Instant retiredAt,
			boolean published) {
	}

	private record Loaded<T>(T value, Instant at) {

		boolean isOlderThan(Duration age, Instant now) {
			return this.at.plus(age).isBefore(now);
		}

	}

}
