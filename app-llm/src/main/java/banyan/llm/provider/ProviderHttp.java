package banyan.llm.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import banyan.support.netty.ColocatedConnections;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What the HTTP provider adapters share: a client with its own connection pool per
 * provider, and the reading of {@code Retry-After}.
 */
public final class ProviderHttp {

	private static final int MAX_ERROR_DETAIL = 500;

	/**
	 * The most bytes one streamed event may have: far more than any chunk of an answer,
	 * and what Spring's codecs allow in memory by default.
	 */
	static final int MAX_EVENT_BYTES = 256 * 1024;

	/**
	 * The mapper, with the readers and writers of the given types (and of JSON trees,
	 * maps and lists) built now: built on first use instead, concurrent first requests
	 * would queue on Jackson's cache lock on an event-loop thread.
	 */
	public static JsonMapper warmedUp(JsonMapper json, Class<?>... types) {
		json.readerFor(JsonNode.class);
		json.writerFor(JsonNode.class);
		json.writerFor(Map.class);
		json.writerFor(List.class);
		for (Class<?> type : types) {
			json.readerFor(type);
			json.writerFor(type);
		}
		return json;
	}

	private ProviderHttp() {
	}

	/**
	 * A client for one provider, on its own Reactor Netty connection pool so a slow
	 * provider cannot starve the others.
	 * @param name the provider's name
	 * @param settings its settings; {@code base-url} must be set
	 * @param webClients the application's builder (codecs, observation)
	 * @param headers the headers every request carries (credentials, version)
	 */
	public static WebClient client(String name, ProviderSettings.Provider settings, WebClient.Builder webClients,
			Consumer<HttpHeaders> headers) {
		Objects.requireNonNull(settings.baseUrl(), () -> "banyan.llm.providers." + name + ".base-url must be set");
		HttpClient http = HttpClient.create(new ColocatedConnections(
				() -> ConnectionProvider.builder("provider-" + name).maxConnections(settings.maxConnections()).build()))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
		return webClients.clone()
			.baseUrl(settings.baseUrl().toString())
			.clientConnector(new ReactorClientHttpConnector(http))
			.defaultHeaders(headers)
			.build();
	}

	/**
	 * The {@code data} of each server-sent event of a successful response (an event
	 * longer than {@value #MAX_EVENT_BYTES} bytes fails the flux); for any other status,
	 * a failure: {@link ProviderRejectedRequest} when the provider refuses the request as
	 * such (400, 404, 413, 422), {@link ProviderUnavailable} otherwise, with the
	 * provider's {@code Retry-After}.
	 * @param provider the provider's name
	 * @param response the response
	 * @param errorMessage what the provider's error body says, in its own format
	 */
	public static Flux<String> events(String provider, ClientResponse response, Function<String, String> errorMessage) {
		if (response.statusCode().is2xxSuccessful()) {
			return EventStreamReader.data(response.body(BodyExtractors.toDataBuffers()), MAX_EVENT_BYTES);
		}
		return response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.flatMapMany((body) -> Flux.error(failure(provider, response, errorMessage.apply(body))));
	}

	/**
	 * What an unsuccessful answer means: {@link ProviderRejectedRequest} when the
	 * provider refuses the request as such (400, 404, 413, 422),
	 * {@link ProviderUnavailable} otherwise, with the provider's {@code Retry-After}.
	 * @param message what the provider's error body says
	 */
	public static ProviderException failure(String provider, ClientResponse response, String message) {
		int status = response.statusCode().value();
		String detail = "answered HTTP " + status + ": " + message;
		return switch (status) {
			case 400, 404, 413, 422 -> new ProviderRejectedRequest(provider, status, detail);
			default -> new ProviderUnavailable(provider, detail, null,
					retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
		};
	}

	/**
	 * {@code Retry-After} in seconds or as an HTTP date; {@code null} when absent or
	 * unreadable.
	 */
	public static @Nullable Duration retryAfter(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	/** A provider's error text, cut to a length fit for a problem detail. */
	public static String abbreviate(String text) {
		return (text.length() <= MAX_ERROR_DETAIL) ? text : text.substring(0, MAX_ERROR_DETAIL) + "…";
	}

	/** What a client is told about a transport failure. */
	public static String describe(Throwable ex) {
		return "could not be reached or broke off the answer (" + ex.getClass().getSimpleName() + ")";
	}

}
