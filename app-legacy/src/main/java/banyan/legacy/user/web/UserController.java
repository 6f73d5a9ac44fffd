package banyan.legacy.user.web;

import banyan.legacy.problem.Problems;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.tenant.TenantNotFound;
import banyan.legacy.tenant.Tenants;
import banyan.legacy.user.BackOfficeUser;
import banyan.legacy.user.Role;
import banyan.legacy.user.Users;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back-office users, for administrators.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private final Users users;

	private final Tenants tenants;

	private final PasswordEncoder passwords;

	private final Clock clock;

	UserController(Users users, Tenants tenants, PasswordEncoder passwords, Clock clock) {
		this.users = users;
		this.tenants = tenants;
		this.passwords = passwords;
		this.clock = clock;
	}

	@GetMapping
	PagedModel<UserResource> list(Pageable pageable) {
		return new PagedModel<>(this.users.findAll(pageable).map(UserResource::of));
	}

	@GetMapping("/{id}")
	UserResource get(@PathVariable long id) {
		return UserResource.of(find(id));
	}

	@PostMapping
	ResponseEntity<UserResource> enrol(@Valid @RequestBody NewUser request) {
		if (!this.tenants.existsById(request.tenantId())) {
			throw new TenantNotFound(request.tenantId());
		}
		if (this.users.existsByUsername(request.username())) {
			throw Problems.refusal(HttpStatus.CONFLICT, ProblemTypes.ALREADY_EXISTS, "User exists",
					"The user name '" + request.username() + "' is taken.");
		}
		BackOfficeUser user = this.users.save(BackOfficeUser.enrol(request.username(),
				this.passwords.encode(request.password()), request.role(), request.tenantId(), this.clock.instant()));
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(UserResource.of(user));
	}

	@PatchMapping("/{id}")
	UserResource change(@PathVariable long id, @Valid @RequestBody UserChange request) {
		BackOfficeUser user = find(id);
		if (request.role() != null) {
			user.changeRole(request.role());
		}
		if (request.password() != null) {
			user.changePassword(this.passwords.encode(request.password()));
		}
		if (request.enabled() != null) {
			if (request.enabled()) {
				user.enable();
			}
			else {
				user.disable();
			}
		}
		return UserResource.of(this.users.save(user));
	}

	private BackOfficeUser find(long id) {
		return this.users.findById(id).orElseThrow(() -> {
			return Problems.refusal(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "User not found",
					"No user has the id " + id + ".");
		});
	}

	/**
	 * A user to enrol.
	 *
	 * @param username the sign-in name
	 * @param password at least 12 characters
	 * @param role the role
	 * @param tenantId the tenant the user works in
	 */
	record NewUser(
			@NotBlank @Pattern(regexp = "[a-zA-Z0-9._-]{3,64}",
					message = "must be 3 to 64 letters, digits, dots, dashes or underscores") String username,
			@NotBlank @Size(min = 12, max = 200) String password, @NotNull Role role, @NotBlank String tenantId) {

		@Override
		public String toString() {
			return "NewUser[" + this.username + ", " + this.role + ", " + this.tenantId + "]";
		}

	}

	/**
	 * Changes to a user; absent fields stay as they are.
	 *
	 * @param role the new role
	 * @param password a new password, at least 12 characters
	 * @param enabled whether the user may sign in
	 */
	record UserChange(@Nullable Role role, @Nullable @Size(min = 12, max = 200) String password,
			@Nullable Boolean enabled) {

		@Override
		public String toString() {
			return "UserChange[" + this.role + ", " + this.enabled + "]";
		}

	}

	/**
	 * A user as administrators see it; never the password.
	 *
	 * @param id the id
	 * @param username the sign-in name
	 * @param role the role
	 * @param tenantId the tenant
	 * @param enabled whether the user may sign in
	 * @param createdAt when the user was enrolled
	 */
	record UserResource(long id, String username, Role role, String tenantId, boolean enabled, Instant createdAt) {

		static UserResource of(BackOfficeUser user) {
			return new UserResource(user.id(), user.username(), user.role(), user.tenantId(), user.enabled(),
					user.createdAt());
		}

	}

}
