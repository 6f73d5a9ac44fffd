package banyan.legacy.user;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Looks back-office users up for Spring Security.
 */
@Component
class UserAccounts implements UserDetailsService {

	private final Users users;

	UserAccounts(Users users) {
		this.users = users;
	}

	@Override
	public SignedInUser loadUserByUsername(String username) {
		return this.users.findByUsername(username)
			.map(SignedInUser::of)
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

}
