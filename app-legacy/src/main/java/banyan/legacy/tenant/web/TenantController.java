package banyan.legacy.tenant.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import banyan.contracts.identity.GuardrailAction;
import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.problem.Problems;
import banyan.legacy.tenant.Tenant;
import banyan.legacy.tenant.TenantNotFound;
import banyan.legacy.tenant.Tenants;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenants, for administrators.
 */
@RestController
@RequestMapping("/api/tenants")
class TenantController {

	private final Tenants tenants;

	private final Clock clock;

	TenantController(Tenants tenants, Clock clock) {
		this.tenants = tenants;
		this.clock = clock;
	}

	@GetMapping
	PagedModel<TenantResource> list(Pageable pageable) {
		return new PagedModel<>(this.tenants.findAll(pageable).map(TenantResource::of));
	}

	@GetMapping("/{id}")
	TenantResource get(@PathVariable String id) {
		return TenantResource.of(this.tenants.findById(id).orElseThrow(() -> new TenantNotFound(id)));
	}

	@PostMapping
	ResponseEntity<TenantResource> register(@Valid @RequestBody NewTenant request) {
		if (this.tenants.existsById(request.id())) {
			throw Problems.refusal(HttpStatus.CONFLICT, ProblemTypes.ALREADY_EXISTS, "Tenant exists",
					"A tenant with the id '" + request.id() + "' exists already.");
		}
		Tenant tenant = this.tenants.save(Tenant.register(request.id(), request.name(), Instant.now(this.clock)));
		return ResponseEntity.created(URI.create("/api/tenants/" + tenant.id())).body(TenantResource.of(tenant));
	}

	@PutMapping("/{id}")
	TenantResource update(@PathVariable String id, @Valid @RequestBody TenantUpdate request) {
		Tenant tenant = this.tenants.findById(id).orElseThrow(() -> new TenantNotFound(id));
		tenant.rename(request.name());
		tenant.limitSpending(request.dailyBudget(), request.monthlyBudget());
		tenant.guardPrompts((request.guardrails() != null) ? request.guardrails() : GuardrailAction.BLOCK);
		return TenantResource.of(this.tenants.save(tenant));
	}

	/**
	 * A tenant to register.
	 *
	 * @param id a lowercase slug, the tenant's permanent identity
	 * @param name the display name
	 */
	record NewTenant(
			@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}",
					message = "must be 2 to 63 lowercase letters, digits or dashes") String id,
			@NotBlank @Size(max = 200) String name) {
	}

	/**
	 * A tenant's editable state, replaced as a whole.
	 *
	 * @param name the display name
	 * @param dailyBudget the most all its keys together may spend per UTC day;
	 * {@code null} for no limit
	 * @param monthlyBudget the same per UTC month
	 * @param guardrails what app-llm does with a prompt taken for an attack:
	 * {@code BLOCK} (also when left out) or {@code FLAG}
	 */
	record TenantUpdate(@NotBlank @Size(max = 200) String name,
			@PositiveOrZero @Digits(integer = 12, fraction = 6) @Nullable BigDecimal dailyBudget,
			@PositiveOrZero @Digits(integer = 12, fraction = 6) @Nullable BigDecimal monthlyBudget,
			@Nullable GuardrailAction guardrails) {
	}

	/**
	 * A tenant as clients see it.
	 *
	 * @param id the id
	 * @param name the display name
	 * @param dailyBudget the most all its keys together may spend per UTC day, or
	 * {@code null}
	 * @param monthlyBudget the same per UTC month, or {@code null}
	 * @param guardrails what app-llm does with a prompt taken for an attack
	 * @param createdAt when it was registered
	 */
	record TenantResource(String id, String name, @Nullable BigDecimal dailyBudget, @Nullable BigDecimal monthlyBudget,
			GuardrailAction guardrails, Instant createdAt) {

		static TenantResource of(Tenant tenant) {
			return new TenantResource(tenant.id(), tenant.name(), tenant.dailyBudget(), tenant.monthlyBudget(),
					tenant.guardrailAction(), tenant.createdAt());
		}

	}

}
