package banyan.llm.chat;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * The request's observation ({@link ChatTelemetry}): started as a child of the server's
 * when the request is admitted, the parent of every provider attempt, and finished with
 * the answer's figures, metrics and log line however the answer ends. It also tells the
 * {@link Answer} how the answer ended.
 */
@Component
final class RequestObservation implements ChatStage {

	private final ChatTelemetry telemetry;

	RequestObservation(ChatTelemetry telemetry) {
		this.telemetry = telemetry;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		Answer answer = exchange.answer();
		return Flux.deferContextual((context) -> {
			Observation observation = this.telemetry.startRequest(exchange.model(), answer.requestId(), context);
			return Flux.defer(() -> next.stream(exchange))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation))
				.doOnComplete(answer::completed)
				.doOnError((failure) -> {
					answer.failed(failure);
					observation.error(failure);
				})
				// A subscriber may cancel while it handles the completion, so doFinally's
				// signal alone does not tell how the answer ended.
				.doFinally((signal) -> this.telemetry.finish(observation, finished(exchange)));
		});
	}

	static ChatTelemetry.Finished finished(ChatExchange exchange) {
		Answer answer = exchange.answer();
		TokenUsage usage = answer.usage();
		Throwable failure = answer.failure();
		ProviderRouting.Tally tally = answer.tally();
		return new ChatTelemetry.Finished(answer.requestId(), exchange.caller().tenant(), exchange.caller().keyId(),
				exchange.model().alias(), answer.provider(), answer.providerModel(), tally.attempts.get(),
				tally.retries.get(), tally.fallbacks.get(), usage.inputTokens(), usage.outputTokens(),
				usage.estimated(), exchange.model().cost(usage.inputTokens(), usage.outputTokens()),
				answer.timeToFirstTokenMillis(), answer.durationMillis(), answer.outcome().value(),
				(failure != null) ? failure.getClass().getSimpleName() : null, answer.prompt(), answer.text());
	}

}
