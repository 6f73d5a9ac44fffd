package banyan.legacy.token.web;

import banyan.legacy.user.Role;
import banyan.legacy.user.SignedInUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remembered credential matches only the same user name and password against the same
 * stored password hash.
 */
class CheckedCredentialsTests {

	private final CheckedCredentials checked = new CheckedCredentials();

	@Test
	void matchesOnlyWhatWasCheckedAgainstTheSameStoredHash() {
		SignedInUser account = new SignedInUser("ann", "{bcrypt}hash-1", Role.AGENT, "acme", true);
		assertThat(this.checked.matches("ann", "secret", account)).isFalse();

		this.checked.remember("ann", "secret", account);

		assertThat(this.checked.matches("ann", "secret", account)).isTrue();
		assertThat(this.checked.matches("ann", "Secret", account)).isFalse();
		assertThat(this.checked.matches("bob", "secret", account)).isFalse();
		// The password was changed since: the stored hash is another.
		assertThat(this.checked.matches("ann", "secret",
				new SignedInUser("ann", "{bcrypt}hash-2", Role.AGENT, "acme", true)))
			.isFalse();
	}

}
