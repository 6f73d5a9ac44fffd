package banyan.legacy.tenant.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import banyan.contracts.identity.GuardrailAction;
import banyan.legacy.problem.BackOfficePages;
import banyan.legacy.tenant.ApiKey;
import banyan.legacy.tenant.ApiKeys;
import banyan.legacy.tenant.Tenant;
import banyan.legacy.tenant.TenantNotFound;
import banyan.legacy.tenant.Tenants;
import banyan.legacy.usage.TenantUsage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The back-office pages for tenants and their API keys, for administrators. A new key is
 * shown once, on the page that follows its creation.
 */
@Controller
@BackOfficePages
class TenantPages {

	private final Tenants tenants;

	private final ApiKeys keys;

	private final Clock clock;

	private final TenantUsage usage;

	TenantPages(Tenants tenants, ApiKeys keys, TenantUsage usage, Clock clock) {
		this.tenants = tenants;
		this.keys = keys;
		this.usage = usage;
		this.clock = clock;
	}

	@GetMapping("/admin/tenants")
	String list(Model model) {
		return list(model, new TenantForm());
	}

	@PostMapping("/admin/tenants")
	String register(@Valid @ModelAttribute("form") TenantForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors() && this.tenants.existsById(form.getId())) {
			errors.rejectValue("id", "exists", "A tenant with this id exists already.");
		}
		if (errors.hasErrors()) {
			return list(model, form);
		}
		this.tenants.save(Tenant.register(form.getId(), form.getName(), this.clock.instant()));
		redirect.addFlashAttribute("notice", "Tenant registered.");
		return "redirect:/admin/tenants/" + form.getId();
	}

	@GetMapping("/admin/tenants/{id}")
	String show(@PathVariable String id, Model model) {
		if (!model.containsAttribute("keyForm")) {
			model.addAttribute("keyForm", new KeyForm());
		}
		return page(id, model);
	}

	@PostMapping("/admin/tenants/{id}/budgets")
	String limitSpending(@PathVariable String id, @Valid @ModelAttribute("budgetForm") BudgetForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		Tenant tenant = tenant(id);
		if (errors.hasErrors()) {
			return page(id, model);
		}
		tenant.limitSpending(form.getDaily(), form.getMonthly());
		tenant.guardPrompts(form.getGuardrails());
		this.tenants.save(tenant);
		redirect.addFlashAttribute("notice", "Limits saved. Keys pick them up within the token lifetime.");
		return "redirect:/admin/tenants/" + id;
	}

	@PostMapping("/admin/tenants/{id}/keys")
	String issue(@PathVariable String id, @Valid @ModelAttribute("keyForm") KeyForm form, BindingResult errors,
			Model model, RedirectAttributes redirect) {
		tenant(id);
		if (errors.hasErrors()) {
			return page(id, model);
		}
		ApiKey.Issued issued = ApiKey.issue(
				id, form.getName(), new ApiKey.Scopes(list(form.getAllowedModels()), form.getRateTier(),
						list(form.getDataDomains()), form.getDailyBudget(), form.getMonthlyBudget()),
				null, this.clock.instant());
		this.keys.save(issued.key());
		redirect.addFlashAttribute("issuedKey", issued.secret());
		return "redirect:/admin/tenants/" + id;
	}

	@PostMapping("/admin/tenants/{id}/keys/{keyId}/revoke")
	String revoke(@PathVariable String id, @PathVariable long keyId, RedirectAttributes redirect) {
		ApiKey key = key(id, keyId);
		key.revoke(this.clock.instant());
		this.keys.save(key);
		redirect.addFlashAttribute("notice", "Key " + key.prefix() + "… revoked.");
		return "redirect:/admin/tenants/" + id;
	}

	@PostMapping("/admin/tenants/{id}/keys/{keyId}/rotate")
	@Transactional
	String rotate(@PathVariable String id, @PathVariable long keyId, RedirectAttributes redirect) {
		ApiKey key = key(id, keyId);
		Instant now = this.clock.instant();
		if (!key.isActiveAt(now)) {
			redirect.addFlashAttribute("notice", "That key is no longer active; issue a new one.");
			return "redirect:/admin/tenants/" + id;
		}
		ApiKey.Issued successor = key.rotate(Duration.ofDays(1), now);
		this.keys.save(key);
		this.keys.save(successor.key());
		redirect.addFlashAttribute("issuedKey", successor.secret());
		return "redirect:/admin/tenants/" + id;
	}

	private String list(Model model, TenantForm form) {
		model.addAttribute("form", form);
		model.addAttribute("tenants", this.tenants.findAll(Sort.by("id")));
		return "admin/tenants";
	}

	private String page(String id, Model model) {
		Tenant tenant = tenant(id);
		if (!model.containsAttribute("keyForm")) {
			model.addAttribute("keyForm", new KeyForm());
		}
		if (!model.containsAttribute("budgetForm")) {
			model.addAttribute("budgetForm", BudgetForm.of(tenant));
		}
		model.addAttribute("tenant", tenant);
		model.addAttribute("keys", this.keys.findByTenantIdOrderById(id));
		model.addAttribute("now", this.clock.instant());
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		model.addAttribute("usage", this.usage.between(id, today.withDayOfMonth(1), today).orElse(null));
		return "admin/tenant";
	}

	private Tenant tenant(String id) {
		return this.tenants.findById(id).orElseThrow(() -> new TenantNotFound(id));
	}

	private ApiKey key(String tenantId, long keyId) {
		return this.keys.findByIdAndTenantId(keyId, tenantId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static List<String> list(String commaSeparated) {
		return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
	}

	/** The tenant form. */
	public static class TenantForm {

		@NotBlank
		@Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "must be 2 to 63 lowercase letters, digits or dashes")
		private String id = "";

		@NotBlank
		@Size(max = 200)
		private String name = "";

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	/** The tenant's spending limits; an empty field means no limit. */
	public static class BudgetForm {

		@PositiveOrZero
		@Digits(integer = 12, fraction = 6)
		private @Nullable BigDecimal daily;

		@PositiveOrZero
		@Digits(integer = 12, fraction = 6)
		private @Nullable BigDecimal monthly;

		@NotNull
		private GuardrailAction guardrails = GuardrailAction.BLOCK;

		static BudgetForm of(Tenant tenant) {
			BudgetForm form = new BudgetForm();
			form.setGuardrails(tenant.guardrailAction());
			form.setDaily(tenant.dailyBudget());
			form.setMonthly(tenant.monthlyBudget());
			return form;
		}

		public @Nullable BigDecimal getDaily() {
			return this.daily;
		}

		public void setDaily(@Nullable BigDecimal daily) {
			this.daily = daily;
		}

		public @Nullable BigDecimal getMonthly() {
			return this.monthly;
		}

		public void setMonthly(@Nullable BigDecimal monthly) {
			this.monthly = monthly;
		}

		public GuardrailAction getGuardrails() {
			return this.guardrails;
		}

		public void setGuardrails(GuardrailAction guardrails) {
			this.guardrails = guardrails;
		}

	}

	/** The form that issues a key. */
	public static class KeyForm {

		@NotBlank
		@Size(max = 200)
		private String name = "";

		@Size(max = 2_000)
		private String allowedModels = "";

		@NotBlank
		@Size(max = 32)
		private String rateTier = "standard";

		@Size(max = 2_000)
		private String dataDomains = "general";

		@PositiveOrZero
		@Digits(integer = 12, fraction = 6)
		private @Nullable BigDecimal dailyBudget;

		@PositiveOrZero
		@Digits(integer = 12, fraction = 6)
		private @Nullable BigDecimal monthlyBudget;

		public @Nullable BigDecimal getDailyBudget() {
			return this.dailyBudget;
		}

		public void setDailyBudget(@Nullable BigDecimal dailyBudget) {
			this.dailyBudget = dailyBudget;
		}

		public @Nullable BigDecimal getMonthlyBudget() {
			return this.monthlyBudget;
		}

		public void setMonthlyBudget(@Nullable BigDecimal monthlyBudget) {
			this.monthlyBudget = monthlyBudget;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getAllowedModels() {
			return this.allowedModels;
		}

		public void setAllowedModels(String allowedModels) {
			this.allowedModels = allowedModels;
		}

		public String getRateTier() {
			return this.rateTier;
		}

		public void setRateTier(String rateTier) {
			this.rateTier = rateTier;
		}

		public String getDataDomains() {
			return this.dataDomains;
		}

		public void setDataDomains(String dataDomains) {
			this.dataDomains = dataDomains;
		}

	}

}
