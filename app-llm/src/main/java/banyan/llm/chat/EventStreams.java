package banyan.llm.chat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import banyan.contracts.stream.StreamEvent;
import banyan.contracts.usage.TokenReport;
import banyan.llm.problem.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

/**
 * Banyan's streaming protocol over Server-Sent Events, for every endpoint that speaks it
 * ({@code /chat/stream}, {@code /rag/query}): named events numbered by {@code id},
 * {@code : ping} comments while idle, a {@code :banyan-tokens=<n>} comment after
 * {@code metrics} for the gateway's rate limits, and a failure after the first event as
 * an {@code error} event, after which the stream ends. A failure before the first event
 * stays an error of the flux, so the endpoint can still answer with an HTTP problem.
 */
@Component
public class EventStreams {

	private final Problems problems;

	private final StreamSettings settings;

	private final JsonMapper json;

	EventStreams(Problems problems, StreamSettings settings, JsonMapper json) {
		this.problems = problems;
		this.settings = settings;
		this.json = json;
	}

	/** The answer as SSE. */
	public Flux<ServerSentEvent<String>> sse(Flux<StreamEvent> answer) {
		AtomicLong ids = new AtomicLong();
		AtomicBoolean started = new AtomicBoolean();
		Flux<ServerSentEvent<String>> events = answer.doOnNext((event) -> started.set(true))
			.onErrorResume((failure) -> started.get() ? Mono.just(new StreamEvent.Error(this.problems.of(failure)))
					: Mono.error(failure))
			.concatMap((event) -> {
				ServerSentEvent<String> sent = ServerSentEvent.<String>builder()
					.id(Long.toString(ids.incrementAndGet()))
					.event(event.name())
					.data(this.json.writeValueAsString(event))
					.build();
				return (event instanceof StreamEvent.Metrics metrics) ? Flux.just(sent,
						ServerSentEvent.<String>builder()
							.comment(TokenReport.COMMENT + (metrics.inputTokens() + metrics.outputTokens()))
							.build())
						: Flux.just(sent);
			});
		return Heartbeats.whileIdle(events, this.settings.heartbeat());
	}

}
