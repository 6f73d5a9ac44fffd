package banyan.llm.chat;

import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.catalog.ModelCatalog;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.TokenCounter;
import banyan.llm.provider.TokenUsage;
import banyan.llm.usage.Metering;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The chat pipeline, written once for both client protocols: it sends a request along the
 * model's targets ({@link ProviderRouting}) and turns the answer into Banyan stream
 * events.
 */
@Service
public class ChatCompletions {

	private final ModelCatalog catalog;

	private final ProviderRouting routing;

	private final TokenCounter tokens;

	private final Clock clock;

	private final ChatTelemetry telemetry;

	private final Metering metering;

	private final Guardrails guardrails;

	ChatCompletions(ModelCatalog catalog, ProviderRouting routing, TokenCounter tokens, Clock clock,
			ChatTelemetry telemetry, Metering metering, Guardrails guardrails) {
		this.guardrails = guardrails;
		this.catalog = catalog;
		this.routing = routing;
		this.tokens = tokens;
		this.clock = clock;
		this.telemetry = telemetry;
		this.metering = metering;
	}

	/**
	 * Resolves the request's model alias for the caller now, so an unknown or forbidden
	 * model fails before any stream starts.
	 * @throws banyan.llm.catalog.UnknownModel if the catalog has no such alias
	 * @throws banyan.llm.identity.ModelNotAllowed if the caller's key does not allow it
	 */
	public Model model(Caller caller, ChatRequest request) {
		caller.requireModel(request.model());
		return this.catalog.resolve(request.model());
	}

	/**
	 * Streams the answer: {@link StreamEvent.Start} at once, then a
	 * {@link StreamEvent.Delta} per piece of text, then {@link StreamEvent.Metrics} and
	 * {@link StreamEvent.End}. A failure is signalled as an error of the flux (a
	 * {@link banyan.llm.provider.ProviderException} when the provider failed); each
	 * protocol renders it its own way. Cancelling the subscription cancels the provider
	 * call. The answer is {@link Metering metered}: a budget without room for it fails
	 * the flux with {@link banyan.llm.usage.BudgetExhausted} before any event and any
	 * provider call. The {@link Guardrails} screen the request first (a refusal fails the
	 * flux with {@link banyan.llm.guardrail.GuardrailRefusal}) and redact the answer.
	 * @throws banyan.llm.catalog.UnknownModel if the catalog has no such alias
	 * @throws banyan.llm.identity.ModelNotAllowed if the caller's key does not allow it
	 */
	public Flux<StreamEvent> stream(Caller caller, ChatRequest request) {
		Model model = model(caller, request);
		return this.guardrails.screenInput(caller, request)
			.thenMany(this.metering.meter(caller, model, request, this.metering.worstCase(caller, model, request),
					this.guardrails.redact(caller, answer(caller, model, request))));
	}

	/**
	 * The answer as {@link #stream} gives it, but not metered, for a caller that meters
	 * several answers as one request (the {@link ToolLoop}).
	 */
	Flux<StreamEvent> answer(Caller caller, Model model, ChatRequest request) {
		return Flux.deferContextual((context) -> {
			String requestId = requestId();
			Answer answer = new Answer(caller, model, requestId, System.nanoTime());
			Observation observation = this.telemetry.startRequest(model, requestId, context);
			// Not handle, which would restore the context's thread locals for every
			// chunk.
			Flux<StreamEvent> deltas = this.routing.stream(model, request, answer.tally)
				.doOnNext((routed) -> answer.add(routed.target(), routed.chunk()))
				.filter((routed) -> routed.chunk().hasContent())
				.map((routed) -> new StreamEvent.Delta(routed.chunk().text(), routed.chunk().toolCalls()));
			return Flux
				.concat(Mono.just(new StreamEvent.Start(requestId, model.alias(), this.clock.instant())), deltas,
						Mono.fromSupplier(() -> answer.metrics(request)),
						Mono.fromSupplier(() -> new StreamEvent.End(answer.finishReason())))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation))
				.doOnComplete(() -> answer.outcome = "ok")
				.doOnError((failure) -> {
					answer.outcome = "error";
					answer.failure = failure;
					observation.error(failure);
				})
				// A subscriber may cancel while it handles the completion, so doFinally's
				// signal alone does not tell how the answer ended.
				.doFinally((signal) -> this.telemetry.finish(observation, answer.finished(request)));
		});
	}

	/**
	 * A new request id. Random enough to be unique, but not from {@code SecureRandom},
	 * whose entropy reads may block an event-loop thread.
	 */
	private static String requestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "req_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

	/**
	 * What is known of one answer while it streams. Used by one subscription at a time.
	 */
	private final class Answer {

		private final Caller caller;

		private final Model model;

		private final String requestId;

		private final ProviderRouting.Tally tally = new ProviderRouting.Tally();

		private Model.@Nullable Target target;

		private final long startNanos;

		private long firstTokenNanos = -1;

		private final StringBuilder text = new StringBuilder();

		private @Nullable String finishReason;

		private @Nullable TokenUsage usage;

		private @Nullable Throwable failure;

		private @Nullable String outcome;

		Answer(Caller caller, Model model, String requestId, long startNanos) {
			this.caller = caller;
			this.model = model;
			this.requestId = requestId;
			this.startNanos = startNanos;
		}

		void add(Model.Target target, ProviderChunk chunk) {
			this.target = target;
			if (chunk.hasContent()) {
				if (this.firstTokenNanos < 0) {
					this.firstTokenNanos = System.nanoTime();
				}
				this.text.append(chunk.text());
				for (StreamEvent.ToolCallDelta call : chunk.toolCalls()) {
					this.text.append(Objects.toString(call.name(), "")).append(Objects.toString(call.arguments(), ""));
				}
			}
			if (chunk.finishReason() != null) {
				this.finishReason = chunk.finishReason();
			}
			if (chunk.usage() != null) {
				this.usage = chunk.usage();
			}
		}

		String finishReason() {
			return (this.finishReason != null) ? this.finishReason : "stop";
		}

		StreamEvent.Metrics metrics(ChatRequest request) {
			TokenUsage counted = counted(request);
			Model.Target answered = (this.target != null) ? this.target : this.model.targets().getFirst();
			return new StreamEvent.Metrics(answered.provider(), answered.model(), counted.inputTokens(),
					counted.outputTokens(), counted.estimated(), timeToFirstToken(),
					millis(System.nanoTime() - this.startNanos));
		}

		ChatTelemetry.Finished finished(ChatRequest request) {
			TokenUsage counted = counted(request);
			String outcome = (this.outcome != null) ? this.outcome : "cancelled";
			String errorType = (this.failure != null) ? this.failure.getClass().getSimpleName() : null;
			String prompt = request.messages().isEmpty() ? "" : request.messages().getLast().text();
			return new ChatTelemetry.Finished(this.requestId, this.caller.tenant(), this.caller.keyId(),
					this.model.alias(), (this.target != null) ? this.target.provider() : "none",
					(this.target != null) ? this.target.model() : "none", this.tally.attempts.get(),
					this.tally.retries.get(), this.tally.fallbacks.get(), counted.inputTokens(), counted.outputTokens(),
					counted.estimated(), this.model.cost(counted.inputTokens(), counted.outputTokens()),
					timeToFirstToken(), millis(System.nanoTime() - this.startNanos), outcome, errorType, prompt,
					this.text.toString());
		}

		/**
		 * The provider's usage when it reported one for a whole answer; otherwise
		 * counted: the prompt, and only what was delivered.
		 */
		private TokenUsage counted(ChatRequest request) {
			if (this.usage != null && this.failure == null) {
				return this.usage;
			}
			long input = (this.usage != null) ? this.usage.inputTokens()
					: request.messages()
						.stream()
						.mapToLong((message) -> ChatCompletions.this.tokens.count(message.text()))
						.sum();
			return new TokenUsage(input, ChatCompletions.this.tokens.count(this.text.toString()), true);
		}

		private long timeToFirstToken() {
			return (this.firstTokenNanos < 0) ? -1 : millis(this.firstTokenNanos - this.startNanos);
		}

		private static long millis(long nanos) {
			return nanos / 1_000_000;
		}

	}

}
