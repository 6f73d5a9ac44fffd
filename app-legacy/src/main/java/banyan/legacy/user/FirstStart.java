package banyan.legacy.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import banyan.legacy.tenant.ApiKey;
import banyan.legacy.tenant.ApiKeys;
import banyan.legacy.tenant.Tenant;
import banyan.legacy.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * On the first start (no users yet) with the embedded database, or whenever an admin
 * password is configured, creates the {@code demo} tenant with an API key and the
 * {@code admin} user. What was generated is printed once; it is not stored anywhere
 * readable.
 */
@Component
class FirstStart implements ApplicationRunner {

	static final String DEMO_TENANT = "demo";

	private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

	private final Users users;

	private final Tenants tenants;

	private final ApiKeys keys;

	private final PasswordEncoder passwords;

	private final FirstStartSettings settings;

	private final Environment environment;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	FirstStart(Users users, Tenants tenants, ApiKeys keys, PasswordEncoder passwords, FirstStartSettings settings,
			Environment environment, ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.users = users;
		this.tenants = tenants;
		this.keys = keys;
		this.passwords = passwords;
		this.settings = settings;
		this.environment = environment;
		this.clock = clock;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments arguments) {
		boolean embedded = !StringUtils.hasText(this.environment.getProperty("spring.datasource.url"));
		boolean passwordGiven = StringUtils.hasText(this.settings.adminPassword());
		if (this.users.count() > 0 || !(embedded || passwordGiven)) {
			return;
		}
		Instant now = this.clock.instant();
		if (!this.tenants.existsById(DEMO_TENANT)) {
			this.tenants.save(Tenant.register(DEMO_TENANT, "Demo", now));
		}
		StringBuilder report = new StringBuilder(
				"\n\n  First start: created the 'demo' tenant and the 'admin' user.\n");
		String password = passwordGiven ? this.settings.adminPassword() : generated();
		this.users.save(BackOfficeUser.enrol("admin", this.passwords.encode(password), Role.ADMIN, DEMO_TENANT, now));
		report.append(passwordGiven ? "  admin password: as set in BANYAN_ADMIN_PASSWORD\n"
				: "  admin password: " + password + "   (generated; shown only now)\n");
		if (this.keys.findByTenantIdOrderById(DEMO_TENANT).isEmpty()) {
			boolean keyGiven = StringUtils.hasText(this.settings.demoApiKey());
			// The data domains of the sample knowledge base, so the demo key retrieves
			// from it.
			var scopes = new ApiKey.Scopes(List.of(), "standard",
					List.of("general", "account", "bikes", "billing", "delivery"));
			ApiKey.Issued issued = keyGiven
					? ApiKey.issue(DEMO_TENANT, "demo key", scopes, null, now, this.settings.demoApiKey())
					: ApiKey.issue(DEMO_TENANT, "demo key", scopes, null, now);
			this.keys.save(issued.key());
			report.append(keyGiven ? "  demo API key:   as set in BANYAN_DEMO_API_KEY\n"
					: "  demo API key:   " + issued.secret() + "   (generated; shown only now)\n");
		}
		log.warn(report.toString());
		this.events.publishEvent(new FirstStartCompleted(DEMO_TENANT, embedded));
	}

	private static String generated() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
