package banyan.legacy.tenant.web;

import banyan.legacy.problem.Problems;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.tenant.ApiKey;
import banyan.legacy.tenant.ApiKeys;
import banyan.legacy.tenant.TenantNotFound;
import banyan.legacy.tenant.Tenants;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's API keys, for administrators. The key itself appears only in the answer to
 * its creation or rotation.
 */
@RestController
@RequestMapping("/api/tenants/{tenantId}/keys")
class ApiKeyController {

	private final ApiKeys keys;

	private final Tenants tenants;

	private final Clock clock;

	ApiKeyController(ApiKeys keys, Tenants tenants, Clock clock) {
		this.keys = keys;
		this.tenants = tenants;
		this.clock = clock;
	}

	@GetMapping
	List<KeyResource> list(@PathVariable String tenantId) {
		requireTenant(tenantId);
		Instant now = this.clock.instant();
		return this.keys.findByTenantIdOrderById(tenantId).stream().map((key) -> KeyResource.of(key, now)).toList();
	}

	@PostMapping
	ResponseEntity<IssuedKeyResource> issue(@PathVariable String tenantId, @Valid @RequestBody NewKey request) {
		requireTenant(tenantId);
		Instant now = this.clock.instant();
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			throw invalid("expiresAt must be in the future.");
		}
		ApiKey.Issued issued = ApiKey.issue(tenantId, request.name(), request.scopes(), request.expiresAt(), now);
		return created(tenantId, this.keys.save(issued.key()), issued.secret(), now);
	}

	@PostMapping("/{keyId}/revoke")
	KeyResource revoke(@PathVariable String tenantId, @PathVariable long keyId) {
		ApiKey key = find(tenantId, keyId);
		Instant now = this.clock.instant();
		key.revoke(now);
		return KeyResource.of(this.keys.save(key), now);
	}

	@PostMapping("/{keyId}/rotate")
	@Transactional
	ResponseEntity<IssuedKeyResource> rotate(@PathVariable String tenantId, @PathVariable long keyId,
			@Valid @RequestBody(required = false) @Nullable Rotation request) {
		ApiKey key = find(tenantId, keyId);
		Instant now = this.clock.instant();
		if (!key.isActiveAt(now)) {
			throw Problems.refusal(HttpStatus.CONFLICT, ProblemTypes.INVALID_TRANSITION, "Key inactive",
					"Key " + keyId + " is revoked or expired; issue a new key instead.");
		}
		long graceSeconds = (request != null && request.graceSeconds() != null) ? request.graceSeconds() : 86_400;
		ApiKey.Issued successor = key.rotate(Duration.ofSeconds(graceSeconds), now);
		this.keys.save(key);
		return created(tenantId, this.keys.save(successor.key()), successor.secret(), now);
	}

	private ResponseEntity<IssuedKeyResource> created(String tenantId, ApiKey key, String secret, Instant now) {
		return ResponseEntity.created(URI.create("/api/tenants/" + tenantId + "/keys/" + key.id()))
			.body(new IssuedKeyResource(secret, KeyResource.of(key, now)));
	}

	private ApiKey find(String tenantId, long keyId) {
		requireTenant(tenantId);
		return this.keys.findByIdAndTenantId(keyId, tenantId).orElseThrow(() -> {
			return Problems.refusal(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Key not found",
					"Tenant '" + tenantId + "' has no key " + keyId + ".");
		});
	}

	private void requireTenant(String tenantId) {
		if (!this.tenants.existsById(tenantId)) {
			throw new TenantNotFound(tenantId);
		}
	}

	private static ErrorResponseException invalid(String detail) {
		return Problems.refusal(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
	}

	/**
	 * A key to issue.
	 *
	 * @param name what the key is for
	 * @param allowedModels model aliases it may use; empty means all
	 * @param rateTier its rate-limit tier
	 * @param dataDomains data domains it may retrieve from
	 * @param expiresAt when it stops working; {@code null} for never
	 * @param dailyBudget the most it may spend per UTC day; {@code null} for no limit
	 * @param monthlyBudget the most it may spend per UTC month; {@code null} for no limit
	 */
	record NewKey(@NotBlank @Size(max = 200) String name,
			@NotNull @Size(max = 100) List<@NotBlank String> allowedModels, @NotBlank @Size(max = 32) String rateTier,
			@NotNull @Size(max = 100) List<@NotBlank String> dataDomains, @Nullable Instant expiresAt,
			@PositiveOrZero @Digits(integer = 12, fraction = 6) @Nullable BigDecimal dailyBudget,
			@PositiveOrZero @Digits(integer = 12, fraction = 6) @Nullable BigDecimal monthlyBudget) {

		ApiKey.Scopes scopes() {
			return new ApiKey.Scopes(this.allowedModels, this.rateTier, this.dataDomains, this.dailyBudget,
					this.monthlyBudget);
		}

	}

	/**
	 * How to rotate.
	 *
	 * @param graceSeconds how long the old key keeps working; default one day, at most 30
	 * days
	 */
	record Rotation(@PositiveOrZero @Max(2_592_000) @Nullable Long graceSeconds) {
	}

	/**
	 * A key as administrators see it; never the key itself.
	 *
	 * @param id the id
	 * @param name what it is for
	 * @param prefix its first characters
	 * @param scopes what it may do
	 * @param active whether it works now
	 * @param expiresAt when it stops working, or {@code null}
	 * @param revokedAt when it was revoked, or {@code null}
	 * @param createdAt when it was issued
	 */
	record KeyResource(long id, String name, String prefix, ApiKey.Scopes scopes, boolean active,
			@Nullable Instant expiresAt, @Nullable Instant revokedAt, Instant createdAt) {

		static KeyResource of(ApiKey key, Instant now) {
			return new KeyResource(key.id(), key.name(), key.prefix(), key.scopes(), key.isActiveAt(now),
					key.expiresAt(), key.revokedAt(), key.createdAt());
		}

	}

	/**
	 * A key just issued: the only answer that contains the key.
	 *
	 * @param key the API key; store it now, it cannot be shown again
	 * @param details the key's details
	 */
	record IssuedKeyResource(String key, KeyResource details) {
	}

}
