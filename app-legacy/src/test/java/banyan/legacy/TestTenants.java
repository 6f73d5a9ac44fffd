package banyan.legacy;

import java.time.Instant;
import java.util.UUID;

import banyan.legacy.tenant.Tenant;
import banyan.legacy.tenant.Tenants;
import banyan.legacy.user.BackOfficeUser;
import banyan.legacy.user.Role;
import banyan.legacy.user.Users;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates tenants with users for tests; each call makes a fresh tenant, so tests do not
 * see each other's data even on a shared database.
 */
@Component
public class TestTenants {

	public static final String PASSWORD = "correct horse battery";

	private final Tenants tenants;

	private final Users users;

	private final PasswordEncoder passwords;

	TestTenants(Tenants tenants, Users users, PasswordEncoder passwords) {
		this.tenants = tenants;
		this.users = users;
		this.passwords = passwords;
	}

	/** A new tenant with one agent and one admin, both with {@link #PASSWORD}. */
	public TestTenant create() {
		String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
		this.tenants.save(Tenant.register(id, "Tenant " + id, Instant.now()));
		String encoded = this.passwords.encode(PASSWORD);
		this.users.save(BackOfficeUser.enrol(id + "-agent", encoded, Role.AGENT, id, Instant.now()));
		this.users.save(BackOfficeUser.enrol(id + "-admin", encoded, Role.ADMIN, id, Instant.now()));
		return new TestTenant(id, id + "-agent", id + "-admin");
	}

	/**
	 * A tenant made for a test.
	 *
	 * @param id the tenant id
	 * @param agent the user name of its agent
	 * @param admin the user name of its admin
	 */
	public record TestTenant(String id, String agent, String admin) {
	}

}
