package banyan.legacy.tenant;

import java.math.BigDecimal;
import java.time.Instant;

import banyan.contracts.identity.GuardrailAction;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A tenant: one customer of the LLM API, owner of its articles, tickets and API keys.
 */
@Table("tenants")
public class Tenant implements Persistable<String> {

	@Id
	private final String id;

	private String name;

	private @Nullable BigDecimal dailyBudget;

	private @Nullable BigDecimal monthlyBudget;

	private GuardrailAction guardrailAction;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	@PersistenceCreator
	Tenant(String id, String name, @Nullable BigDecimal dailyBudget, @Nullable BigDecimal monthlyBudget,
			GuardrailAction guardrailAction, @Nullable Long version, Instant createdAt) {
		this.guardrailAction = guardrailAction;
		this.id = id;
		this.name = name;
		this.dailyBudget = normalized(dailyBudget);
		this.monthlyBudget = normalized(monthlyBudget);
		this.version = version;
		this.createdAt = createdAt;
	}

	/** A new tenant, not yet stored. */
	public static Tenant register(String id, String name, Instant now) {
		return new Tenant(id, name, null, null, GuardrailAction.BLOCK, null, now);
	}

	public void rename(String name) {
		this.name = name;
	}

	/**
	 * Limits what all of the tenant's keys together may spend per UTC day and month.
	 * @param daily the limit per day, or {@code null} for none
	 * @param monthly the limit per month, or {@code null} for none
	 * @throws IllegalArgumentException if a limit is negative
	 */
	public void limitSpending(@Nullable BigDecimal daily, @Nullable BigDecimal monthly) {
		this.dailyBudget = normalized(requireNotNegative(daily));
		this.monthlyBudget = normalized(requireNotNegative(monthly));
	}

	/** Sets what app-llm does with a prompt taken for an attack. */
	public void guardPrompts(GuardrailAction action) {
		this.guardrailAction = action;
	}

	public GuardrailAction guardrailAction() {
		return this.guardrailAction;
	}

	static @Nullable BigDecimal requireNotNegative(@Nullable BigDecimal limit) {
		if (limit != null && limit.signum() < 0) {
			throw new IllegalArgumentException("A budget cannot be negative");
		}
		return limit;
	}

	/** The amount without trailing zeros (5, not 5.000000), never in exponent form. */
	static @Nullable BigDecimal normalized(@Nullable BigDecimal amount) {
		if (amount == null) {
			return null;
		}
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

	public @Nullable BigDecimal dailyBudget() {
		return this.dailyBudget;
	}

	public @Nullable BigDecimal monthlyBudget() {
		return this.monthlyBudget;
	}

	@Override
	public String getId() {
		return this.id;
	}

	public String id() {
		return this.id;
	}

	public String name() {
		return this.name;
	}

	public @Nullable Long version() {
		return this.version;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	@Override
	public boolean isNew() {
		return this.version == null;
	}

}
