package banyan.legacy.ticket;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A customer of a tenant, who raises tickets.
 */
@Table("customers")
public class Customer {

	@Id
	private @Nullable Long id;

	private final String tenantId;

	private final String name;

	private final String email;

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	@PersistenceCreator
	Customer(@Nullable Long id, String tenantId, String name, String email, @Nullable Long version, Instant createdAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.name = name;
		this.email = email;
		this.version = version;
		this.createdAt = createdAt;
	}

	public static Customer register(String tenantId, String name, String email, Instant now) {
		return new Customer(null, tenantId, name, email.toLowerCase(), null, now);
	}

	public @Nullable Long id() {
		return this.id;
	}

	public String tenantId() {
		return this.tenantId;
	}

	public String name() {
		return this.name;
	}

	public String email() {
		return this.email;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

}
