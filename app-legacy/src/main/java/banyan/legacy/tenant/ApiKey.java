package banyan.legacy.tenant;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import banyan.contracts.identity.Budgets;
import banyan.contracts.identity.KeyIntrospection;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An API key of a tenant. Only the SHA-256 of the key and its visible prefix are kept;
 * the key itself exists only in the {@link Issued} value returned when it is issued or
 * rotated.
 */
@Table("api_keys")
public class ApiKey {

	private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int SECRET_LENGTH = 43;

	private static final int PREFIX_LENGTH = 11;

	private static final SecureRandom RANDOM = new SecureRandom();

	@Id
	private @Nullable Long id;

	private final String tenantId;

	private final String name;

	private final String prefix;

	private final String secretHash;

	private final List<String> allowedModels;

	private final String rateTier;

	private final List<String> dataDomains;

	private final @Nullable BigDecimal dailyBudget;

	private final @Nullable BigDecimal monthlyBudget;

	private @Nullable Instant expiresAt;

	private @Nullable Instant revokedAt;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	@PersistenceCreator
	ApiKey(@Nullable Long id, String tenantId, String name, String prefix, String secretHash,
			List<String> allowedModels, String rateTier, List<String> dataDomains, @Nullable BigDecimal dailyBudget,
			@Nullable BigDecimal monthlyBudget, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
			@Nullable Long version, Instant createdAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.name = name;
		this.prefix = prefix;
		this.secretHash = secretHash;
		this.allowedModels = List.copyOf(allowedModels);
		this.rateTier = rateTier;
		this.dataDomains = List.copyOf(dataDomains);
		this.dailyBudget = Tenant.normalized(dailyBudget);
		this.monthlyBudget = Tenant.normalized(monthlyBudget);
		this.expiresAt = expiresAt;
		this.revokedAt = revokedAt;
		this.version = version;
		this.createdAt = createdAt;
	}

	/**
	 * Issues a new key with a freshly generated secret.
	 * @param expiresAt when the key stops working, or {@code null} for never
	 */
	public static Issued issue(String tenantId, String name, Scopes scopes, @Nullable Instant expiresAt, Instant now) {
		return issue(tenantId, name, scopes, expiresAt, now, generateSecret());
	}

	/**
	 * Issues a new key with the given secret, for a key chosen by the operator (the demo
	 * key).
	 * @throws IllegalArgumentException if the secret is shorter than 20 characters
	 */
	public static Issued issue(String tenantId, String name, Scopes scopes, @Nullable Instant expiresAt, Instant now,
			String secret) {
		if (secret.length() < 20) {
			throw new IllegalArgumentException("An API key must have at least 20 characters");
		}
		ApiKey key = new ApiKey(null, tenantId, name, secret.substring(0, PREFIX_LENGTH), hash(secret),
				scopes.allowedModels(), scopes.rateTier(), scopes.dataDomains(), scopes.dailyBudget(),
				scopes.monthlyBudget(), expiresAt, null, null, now);
		return new Issued(key, secret);
	}

	/** The SHA-256 of a key, hex-encoded: how keys are stored and looked up. */
	public static String hash(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	private static String generateSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		BigInteger value = new BigInteger(1, bytes);
		BigInteger base = BigInteger.valueOf(ALPHABET.length());
		StringBuilder text = new StringBuilder();
		while (text.length() < SECRET_LENGTH) {
			BigInteger[] division = value.divideAndRemainder(base);
			text.append(ALPHABET.charAt(division[1].intValue()));
			value = division[0];
		}
		return "bk_" + text;
	}

	/** Whether the key works at the given instant: not revoked, not expired. */
	public boolean isActiveAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	/** Stops the key at once. Revoking a revoked key changes nothing. */
	public void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	/**
	 * Issues a successor with the same scopes and lets this key work for the grace period
	 * more (or until it expired anyway, if that is sooner), so clients can switch without
	 * downtime.
	 */
	public Issued rotate(Duration grace, Instant now) {
		Instant graceEnd = now.plus(grace);
		if (this.expiresAt == null || graceEnd.isBefore(this.expiresAt)) {
			this.expiresAt = graceEnd;
		}
		return issue(this.tenantId, this.name, scopes(), null, now);
	}

	/**
	 * What the gateway learns about this key at the given instant, with the spending
	 * limits of the key and of its tenant.
	 * @throws IllegalArgumentException if the tenant is not this key's
	 */
	public KeyIntrospection introspect(Tenant tenant, Instant now) {
		if (!tenant.id().equals(this.tenantId)) {
			throw new IllegalArgumentException("Key " + this.id + " is not a key of tenant " + tenant.id());
		}
		if (!isActiveAt(now)) {
			return KeyIntrospection.inactive();
		}
		return new KeyIntrospection(true, this.tenantId, String.valueOf(this.id), this.allowedModels, this.rateTier,
				this.dataDomains,
				new Budgets(tenant.dailyBudget(), tenant.monthlyBudget(), this.dailyBudget, this.monthlyBudget),
				this.expiresAt, null, null, tenant.guardrailAction().claim());
	}

	public Scopes scopes() {
		return new Scopes(this.allowedModels, this.rateTier, this.dataDomains, this.dailyBudget, this.monthlyBudget);
	}

	public @Nullable Long id() {
		return this.id;
	}

	public String tenantId() {
		return this.tenantId;
	}

	public String name() {
		return this.name;
	}

	/**
	 * The first characters of the key, safe to show so people can tell their keys apart.
	 */
	public String prefix() {
		return this.prefix;
	}

	public @Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	public @Nullable Instant revokedAt() {
		return this.revokedAt;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	/**
	 * What a key may do.
	 *
	 * @param allowedModels the model aliases it may use; empty means all
	 * @param rateTier its rate-limit tier
	 * @param dataDomains the data domains it may retrieve from
	 * @param dailyBudget the most the key may spend per UTC day; {@code null} for no
	 * limit
	 * @param monthlyBudget the most the key may spend per UTC month; {@code null} for no
	 * limit
	 */
	public record Scopes(List<String> allowedModels, String rateTier, List<String> dataDomains,
			@Nullable BigDecimal dailyBudget, @Nullable BigDecimal monthlyBudget) {

		public Scopes {
			allowedModels = List.copyOf(allowedModels);
			dataDomains = List.copyOf(dataDomains);
			Tenant.requireNotNegative(dailyBudget);
			Tenant.requireNotNegative(monthlyBudget);
		}

		/** Scopes without spending limits. */
		public Scopes(List<String> allowedModels, String rateTier, List<String> dataDomains) {
			this(allowedModels, rateTier, dataDomains, null, null);
		}

	}

	/**
	 * A key just issued, with its secret: the only moment the secret is known.
	 *
	 * @param key the stored key
	 * @param secret the key to hand to the client
	 */
	public record Issued(ApiKey key, String secret) {
	}

}
