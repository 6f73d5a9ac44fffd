package banyan.legacy.usage;

import java.time.LocalDate;
import java.util.Optional;

import banyan.contracts.usage.UsageReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A tenant's usage as app-llm's ledger records it, for the back-office pages. app-llm
 * being down or slow never breaks a page: the answer is then empty.
 */
@Component
public class TenantUsage {

	private static final Logger log = LoggerFactory.getLogger(TenantUsage.class);

	private final RestClient client;

	private final boolean configured;

	TenantUsage(RestClient.Builder builder, UsageSettings settings) {
		this.configured = settings.internalToken() != null && !settings.internalToken().isBlank();
		this.client = builder.clone()
			.baseUrl(settings.llmUri().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.build(HttpClientSettings.defaults()
					.withConnectTimeout(settings.timeout())
					.withReadTimeout(settings.timeout())))
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.internalToken())
			.build();
	}

	/**
	 * The tenant's usage from the first to the last day (UTC, inclusive), or empty if
	 * app-llm cannot tell now.
	 */
	public Optional<UsageReport> between(String tenant, LocalDate from, LocalDate to) {
		if (!this.configured) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.client.get()
				.uri((uri) -> uri.path("/internal/usage")
					.queryParam("tenant", tenant)
					.queryParam("from", from)
					.queryParam("to", to)
					.build())
				.retrieve()
				.body(UsageReport.class));
		}
		catch (RestClientException ex) {
			log.warn("Usage of tenant {} is not available from app-llm: {}", tenant, ex.getMessage());
			return Optional.empty();
		}
	}

}
