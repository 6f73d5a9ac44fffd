package banyan.legacy.user;

import java.util.Collection;
import java.util.List;

import banyan.legacy.tenant.TenantMember;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The user behind the current request, with the tenant whose data they see.
 *
 * @param username the user name
 * @param password the password hash
 * @param role the role
 * @param tenantId the tenant whose records this user works with
 * @param enabled whether the user may sign in
 */
public record SignedInUser(String username, String password, Role role, String tenantId,
		boolean enabled) implements UserDetails, TenantMember {

	static SignedInUser of(BackOfficeUser user) {
		return new SignedInUser(user.username(), user.passwordHash(), user.role(), user.tenantId(), user.enabled());
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + this.role.name()));
	}

	@Override
	public String getPassword() {
		return this.password;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public boolean isEnabled() {
		return this.enabled;
	}

	@Override
	public String toString() {
		return "SignedInUser[" + this.username + ", " + this.role + ", tenant " + this.tenantId + "]";
	}

}
