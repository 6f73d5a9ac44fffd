package banyan.legacy.user.web;

import java.time.Clock;

import banyan.legacy.problem.BackOfficePages;
import banyan.legacy.tenant.Tenants;
import banyan.legacy.user.BackOfficeUser;
import banyan.legacy.user.Role;
import banyan.legacy.user.Users;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The back-office pages for users, for administrators.
 */
@Controller
@BackOfficePages
class UserPages {

	private final Users users;

	private final Tenants tenants;

	private final PasswordEncoder passwords;

	private final Clock clock;

	UserPages(Users users, Tenants tenants, PasswordEncoder passwords, Clock clock) {
		this.users = users;
		this.tenants = tenants;
		this.passwords = passwords;
		this.clock = clock;
	}

	@GetMapping("/admin/users")
	String list(Model model) {
		return list(model, new UserForm());
	}

	@PostMapping("/admin/users")
	String enrol(@Valid @ModelAttribute("form") UserForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasFieldErrors("username") && this.users.existsByUsername(form.getUsername())) {
			errors.rejectValue("username", "taken", "This user name is taken.");
		}
		if (!errors.hasFieldErrors("tenantId") && !this.tenants.existsById(form.getTenantId())) {
			errors.rejectValue("tenantId", "unknown", "No such tenant.");
		}
		if (errors.hasErrors()) {
			return list(model, form);
		}
		this.users.save(BackOfficeUser.enrol(form.getUsername(), this.passwords.encode(form.getPassword()),
				form.getRole(), form.getTenantId(), this.clock.instant()));
		redirect.addFlashAttribute("notice", "User " + form.getUsername() + " enrolled.");
		return "redirect:/admin/users";
	}

	@PostMapping("/admin/users/{id}/enabled")
	String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
		BackOfficeUser user = this.users.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (enabled) {
			user.enable();
		}
		else {
			user.disable();
		}
		this.users.save(user);
		redirect.addFlashAttribute("notice", "User " + user.username() + (enabled ? " enabled." : " disabled."));
		return "redirect:/admin/users";
	}

	private String list(Model model, UserForm form) {
		form.setPassword("");
		model.addAttribute("form", form);
		model.addAttribute("users", this.users.findAll(Sort.by("username")));
		model.addAttribute("tenants", this.tenants.findAll(Sort.by("id")));
		return "admin/users";
	}

	/** The form that enrols a user. */
	public static class UserForm {

		@NotBlank
		@Pattern(regexp = "[a-zA-Z0-9._-]{3,64}",
				message = "must be 3 to 64 letters, digits, dots, dashes or underscores")
		private String username = "";

		@NotBlank
		@Size(min = 12, max = 200)
		private String password = "";

		@NotNull
		private Role role = Role.AGENT;

		@NotBlank
		private String tenantId = "";

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public Role getRole() {
			return this.role;
		}

		public void setRole(Role role) {
			this.role = role;
		}

		public String getTenantId() {
			return this.tenantId;
		}

		public void setTenantId(String tenantId) {
			this.tenantId = tenantId;
		}

		@Override
		public String toString() {
			return "UserForm[" + this.username + ", " + this.role + ", " + this.tenantId + "]";
		}

	}

}
