package banyan.gateway.migration;

import banyan.gateway.identity.AuthSettings;
import banyan.gateway.identity.StaffTokens;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The shadow traffic of endpoints under migration (ADR 14). */
@Configuration(proxyBeanMethods = false)
class MigrationConfiguration {

	/**
	 * When the beans that poll and flush on a timer stop: after the web server and its
	 * graceful shutdown, before Reactor Netty's shared resources (phase 0), whose event
	 * loops shut down only once no new task has come for a quiet period.
	 */
	static final int STOP_PHASE = 1;

	@Bean
	MirrorResults mirrorResults(MigrationSettings settings, AuthSettings auth, WebClient.Builder builder,
			MeterRegistry meters) {
		return new MirrorResults(settings, builder, (auth.internalToken() != null) ? auth.internalToken() : "", meters);
	}

	@Bean
	LiveRoutes liveRoutes(MigrationSettings settings, AuthSettings auth, WebClient.Builder builder,
			MeterRegistry meters) {
		return new LiveRoutes(settings, builder, (auth.internalToken() != null) ? auth.internalToken() : "", meters);
	}

	@Bean
	StaffTokens staffTokens(MigrationSettings settings, AuthSettings auth, WebClient.Builder builder) {
		return new StaffTokens(builder, settings.legacyUri(), auth);
	}

	@Bean
	Mirroring mirroring(MigrationSettings settings, LiveRoutes routes, StaffTokens staff, WebClient.Builder builder,
			MeterRegistry meters, JsonMapper json, MirrorResults results) {
		return new Mirroring(settings, routes, staff, builder, meters, json, results);
	}

	@Bean
	Cutover cutover(MigrationSettings settings, LiveRoutes routes, StaffTokens staff, MeterRegistry meters,
			MirrorResults results) {
		return new Cutover(settings, routes, staff, meters, results);
	}

}
