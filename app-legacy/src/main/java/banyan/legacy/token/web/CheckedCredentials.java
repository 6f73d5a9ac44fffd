package banyan.legacy.token.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.core.userdetails.UserDetails;

/**
 * The credentials the staff bridge has checked lately, so that a member whose token the
 * gateway renews every half minute costs one password hash check (bcrypt, tens of
 * milliseconds of CPU) per {@link #REMEMBERED}, not one per renewal. What is kept is an
 * HMAC of the credential under a key that lives only in this process, with the stored
 * password hash it matched: a changed password no longer matches, and the caller checks
 * the account (enabled, not locked) on every request.
 */
final class CheckedCredentials {

	/** How long a checked credential is remembered. */
	static final Duration REMEMBERED = Duration.ofMinutes(5);

	private final Cache<String, String> checked = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(REMEMBERED)
		.build();

	private final SecretKeySpec key;

	CheckedCredentials() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	/**
	 * Whether this user name and password matched the account's current password lately.
	 */
	boolean matches(String username, String password, UserDetails account) {
		String hash = this.checked.getIfPresent(mac(username, password));
		return hash != null && hash.equals(account.getPassword());
	}

	/**
	 * Remembers that the user name and password matched the account's current password.
	 */
	void remember(String username, String password, UserDetails account) {
		if (account.getPassword() != null) {
			this.checked.put(mac(username, password), account.getPassword());
		}
	}

	private String mac(String username, String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return HexFormat.of().formatHex(mac.doFinal((username + "\n" + password).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every JDK has HmacSHA256", ex);
		}
	}

}
