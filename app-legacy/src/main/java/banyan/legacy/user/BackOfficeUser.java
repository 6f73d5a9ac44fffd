package banyan.legacy.user;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A member of the back-office staff. The password is kept only as a hash.
 */
@Table("users")
public class BackOfficeUser {

	@Id
	private @Nullable Long id;

	private final String username;

	private String passwordHash;

	private Role role;

	private final String tenantId;

	private boolean enabled;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	@PersistenceCreator
	BackOfficeUser(@Nullable Long id, String username, String passwordHash, Role role, String tenantId, boolean enabled,
			@Nullable Long version, Instant createdAt) {
		this.id = id;
		this.username = username;
		this.passwordHash = passwordHash;
		this.role = role;
		this.tenantId = tenantId;
		this.enabled = enabled;
		this.version = version;
		this.createdAt = createdAt;
	}

	/** A new, enabled user, not yet stored. */
	public static BackOfficeUser enrol(String username, String passwordHash, Role role, String tenantId, Instant now) {
		return new BackOfficeUser(null, username, passwordHash, role, tenantId, true, null, now);
	}

	public void changeRole(Role role) {
		this.role = role;
	}

	public void changePassword(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	public void disable() {
		this.enabled = false;
	}

	public void enable() {
		this.enabled = true;
	}

	public @Nullable Long id() {
		return this.id;
	}

	public String username() {
		return this.username;
	}

	String passwordHash() {
		return this.passwordHash;
	}

	public Role role() {
		return this.role;
	}

	public String tenantId() {
		return this.tenantId;
	}

	public boolean enabled() {
		return this.enabled;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

}
