package banyan.llm.chat;

import java.math.BigDecimal;
import java.time.Duration;

import banyan.llm.catalog.Model;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.util.context.ContextView;

import org.springframework.stereotype.Component;

/**
 * Observations, metrics and the request log line of the chat pipeline, named after the
 * OpenTelemetry GenAI semantic conventions: the {@code gen_ai.client.operation.duration}
 * observation per request (a trace span when tracing is on, and a timer), one
 * {@code gen_ai.provider.attempt} observation per call to a provider,
 * {@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.time_to_first_chunk},
 * retry and fallback counters, and the circuit breakers' states.
 */
@Component
class ChatTelemetry {

	static final String OPERATION = "gen_ai.client.operation.duration";

	static final String ATTEMPT = "gen_ai.provider.attempt";

	private static final Logger requests = LoggerFactory.getLogger("banyan.llm.requests");

	private final ObservationRegistry observations;

	private final MeterRegistry meters;

	private final TelemetrySettings settings;

	ChatTelemetry(ObservationRegistry observations, MeterRegistry meters, TelemetrySettings settings) {
		this.observations = observations;
		this.meters = meters;
		this.settings = settings;
	}

	/** Publishes the breakers' states as {@code resilience4j.circuitbreaker.state}. */
	void watch(CircuitBreakerRegistry breakers) {
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(this.meters);
	}

	/** Starts the observation of one request, as a child of the server's. */
	Observation startRequest(Model model, String requestId, ContextView context) {
		return Observation.createNotStarted(OPERATION, this.observations)
			.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
			.contextualName("chat " + model.alias())
			.lowCardinalityKeyValue("gen_ai.operation.name", "chat")
			.lowCardinalityKeyValue("gen_ai.request.model", model.alias())
			.highCardinalityKeyValue("banyan.request_id", requestId)
			.start();
	}

	/** Starts the observation of one call to a provider, as a child of the request's. */
	Observation startAttempt(Model.Target target, ContextView context) {
		return Observation.createNotStarted(ATTEMPT, this.observations)
			.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
			.contextualName("chat " + target.model())
			.lowCardinalityKeyValue("gen_ai.operation.name", "chat")
			.lowCardinalityKeyValue("gen_ai.provider.name", target.provider())
			.lowCardinalityKeyValue("gen_ai.request.model", target.model())
			.start();
	}

	/**
	 * Runs the logging in the trace of the request whose observation the context holds:
	 * Reactor restores no thread locals on the way (context propagation is limited), so a
	 * line logged from an operator would carry no trace id otherwise.
	 */
	static void inTraceOf(ContextView context, Runnable logging) {
		Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (observation == null) {
			logging.run();
			return;
		}
		try (Observation.Scope scope = observation.openScope()) {
			logging.run();
		}
	}

	void retried(Model.Target target) {
		Counter.builder("banyan.llm.provider.retries")
			.description("Calls repeated on the same provider after a retryable failure")
			.tag("gen_ai.provider.name", target.provider())
			.register(this.meters)
			.increment();
	}

	void fellBack(Model.Target from, Model.Target to) {
		Counter.builder("banyan.llm.provider.fallbacks")
			.description("Requests sent on to the next target of a model after a failure")
			.tag("from", from.provider())
			.tag("to", to.provider())
			.register(this.meters)
			.increment();
	}

	/** Ends the request's observation, records its metrics and writes its log line. */
	void finish(Observation observation, Finished request) {
		observation.lowCardinalityKeyValue("gen_ai.provider.name", request.provider())
			.lowCardinalityKeyValue("banyan.outcome", request.outcome())
			.highCardinalityKeyValue("gen_ai.response.model", request.providerModel())
			.highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(request.inputTokens()))
			.highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(request.outputTokens()));
		if (request.errorType() != null) {
			observation.lowCardinalityKeyValue(KeyValue.of("error.type", request.errorType()));
		}
		// The log line carries the request's trace id: Reactor restores no thread locals
		// on the way (context propagation is limited), so the scope is opened here.
		try (Observation.Scope scope = observation.openScope()) {
			log(request);
		}
		observation.stop();
		if (request.inputTokens() > 0 || request.outputTokens() > 0) {
			tokens("input", request).record(request.inputTokens());
			tokens("output", request).record(request.outputTokens());
		}
		if (request.timeToFirstTokenMillis() >= 0) {
			Timer.builder("gen_ai.client.operation.time_to_first_chunk")
				.description("Time from accepting a request to its first chunk of answer")
				.tag("gen_ai.provider.name", request.provider())
				.tag("gen_ai.request.model", request.model())
				.publishPercentileHistogram()
				.register(this.meters)
				.record(Duration.ofMillis(request.timeToFirstTokenMillis()));
		}
	}

	private DistributionSummary tokens(String type, Finished request) {
		return DistributionSummary.builder("gen_ai.client.token.usage")
			.description("Tokens used per request")
			.baseUnit("tokens")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.token.type", type)
			.tag("gen_ai.provider.name", request.provider())
			.tag("gen_ai.request.model", request.model())
			.register(this.meters);
	}

	private void log(Finished request) {
		LoggingEventBuilder line = requests.atInfo()
			.setMessage("chat {}")
			.addArgument(request.outcome())
			.addKeyValue("request_id", request.requestId())
			.addKeyValue("tenant", request.tenant())
			.addKeyValue("key_id", request.keyId())
			.addKeyValue("model", request.model())
			.addKeyValue("provider", request.provider())
			.addKeyValue("provider_model", request.providerModel())
			.addKeyValue("attempts", request.attempts())
			.addKeyValue("retries", request.retries())
			.addKeyValue("fallbacks", request.fallbacks())
			.addKeyValue("input_tokens", request.inputTokens())
			.addKeyValue("output_tokens", request.outputTokens())
			.addKeyValue("tokens_estimated", request.estimated())
			.addKeyValue("cost", request.cost().toPlainString())
			.addKeyValue("ttft_ms", request.timeToFirstTokenMillis())
			.addKeyValue("duration_ms", request.durationMillis())
			.addKeyValue("outcome", request.outcome());
		if (request.errorType() != null) {
			line = line.addKeyValue("error_type", request.errorType());
		}
		if (this.settings.logContent()) {
			line = line.addKeyValue("prompt", request.prompt()).addKeyValue("answer", request.answer());
		}
		line.log();
	}

	/**
	 * What is recorded of a finished request.
	 *
	 * @param requestId the request's id
	 * @param tenant the caller's tenant
	 * @param keyId the caller's API key
	 * @param model the model alias asked for
	 * @param provider the provider that answered last, or {@code none}
	 * @param providerModel the provider's model name, or {@code none}
	 * @param attempts calls made to providers
	 * @param retries calls repeated on the same target
	 * @param fallbacks times the request moved on to the next target
	 * @param inputTokens prompt tokens
	 * @param outputTokens answer tokens delivered
	 * @param estimated whether the counts were estimated by Banyan
	 * @param cost what the answer cost at the model's prices
	 * @param timeToFirstTokenMillis time to the first chunk, or -1 when none came
	 * @param durationMillis time until the answer ended
	 * @param outcome {@code ok}, {@code error} or {@code cancelled}
	 * @param errorType the failure's type when the outcome is {@code error}
	 * @param prompt the last message of the prompt
	 * @param answer the text delivered
	 */
	record Finished(String requestId, String tenant, String keyId, String model, String provider, String providerModel,
			int attempts, int retries, int fallbacks, long inputTokens, long outputTokens, boolean estimated,
			BigDecimal cost, long timeToFirstTokenMillis, long durationMillis, String outcome,
			@Nullable String errorType, String prompt, String answer) {
	}

}
