package banyan.gateway.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which requests are mirrored: sticky per staff member and route, so a member's requests
 * are compared all or none, and raising a route's percentage only adds members.
 */
final class MirrorSampling {

	private MirrorSampling() {
	}

	/**
	 * Whether this credential's requests on the route are mirrored: the same answer for
	 * the same member as long as the percentage stays, and raising it only adds members.
	 */
	static boolean sampled(String route, double percentage, String credential) {
		if (percentage <= 0) {
			return false;
		}
		if (percentage >= 100) {
			return true;
		}
		return bucket(route + "\n" + credential, 10_000) < percentage * 100;
	}

	/** A stable bucket in {@code [0, buckets)} from the SHA-256 of the text. */
	static int bucket(String text, int buckets) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			long value = 0;
			for (int i = 0; i < 8; i++) {
				value = (value << 8) | (digest[i] & 0xff);
			}
			return (int) Long.remainderUnsigned(value, buckets);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
