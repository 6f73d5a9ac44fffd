package banyan.legacy.tenant;

import java.time.Instant;

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

	@Version
	private @Nullable Long version;

	private final Instant createdAt;

	@PersistenceCreator
	Tenant(String id, String name, @Nullable Long version, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.version = version;
		this.createdAt = createdAt;
	}

	/** A new tenant, not yet stored. */
	public static Tenant register(String id, String name, Instant now) {
		return new Tenant(id, name, null, now);
	}

	public void rename(String name) {
		this.name = name;
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
