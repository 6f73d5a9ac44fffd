package banyan.contracts.stream;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import banyan.contracts.problem.Problem;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event of a Banyan stream. A well-formed stream is {@link Start}, then any number of
 * {@link Delta}s and {@link Tool}s, then {@link Metrics} and {@link End}; or, when
 * something fails, an {@link Error} at any point after {@link Start}, after which nothing
 * else follows.
 *
 * <p>
 * On the wire each event is an SSE event whose {@code event:} field is {@link #name()}
 * and whose {@code data:} field is the record as JSON.
 */
public sealed interface StreamEvent {

	/** The SSE event name of this event. */
	default String name() {
		return Kind.of(getClass()).eventName();
	}

	/**
	 * The stream has started.
	 *
	 * @param requestId the id of this request, also the id of its trace
	 * @param model the model alias the caller asked for
	 * @param created when the request was accepted
	 */
	record Start(String requestId, String model, Instant created) implements StreamEvent {
	}

	/**
	 * A piece of the answer, to be appended to what came before.
	 *
	 * @param text the text; may be a fragment of a word
	 * @param toolCalls pieces of calls the model asks the client to make to tools the
	 * client defined; empty for plain text
	 */
	record Delta(String text,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallDelta> toolCalls) implements StreamEvent {

		public Delta {
			toolCalls = List.copyOf(toolCalls);
		}

		public Delta(String text) {
			this(text, List.of());
		}

	}

	/**
	 * A piece of a tool call, as OpenAI streams them: the first piece of a call carries
	 * its id and the tool's name, the following ones more of its arguments. Pieces with
	 * the same {@code index} belong to the same call.
	 *
	 * @param index which call of the answer this piece belongs to
	 * @param id the call's id, only in its first piece, else {@code null}
	 * @param name the tool's name, only in its first piece, else {@code null}
	 * @param arguments more of the call's JSON arguments, to be appended; may be
	 * {@code null}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ToolCallDelta(int index, String id, String name, String arguments) {
	}

	/**
	 * A tool that Banyan ran on the server while answering.
	 *
	 * @param callId the id of the call
	 * @param tool the tool's name
	 * @param arguments the arguments the model gave, as JSON
	 * @param status how the call ended: {@code ok}, {@code error}, {@code timeout} or
	 * {@code refused}
	 * @param durationMillis how long the tool ran
	 * @param output what the tool returned to the model, truncated for the event
	 * @param truncated whether {@code output} was cut short
	 * @param costEstimate the estimated cost of the call, in the currency of the model's
	 * prices
	 */
	record Tool(String callId, String tool, String arguments, String status, long durationMillis, String output,
			boolean truncated, double costEstimate) implements StreamEvent {
	}

	/**
	 * Figures about the finished answer, sent just before {@link End}.
	 *
	 * @param provider the provider that produced the answer
	 * @param providerModel the provider's own model name
	 * @param inputTokens tokens in the prompt
	 * @param outputTokens tokens in the answer
	 * @param estimated whether the token counts were estimated by Banyan rather than
	 * reported by the provider
	 * @param timeToFirstTokenMillis milliseconds from accepting the request to the first
	 * delta
	 * @param durationMillis milliseconds from accepting the request to the end of the
	 * answer
	 */
	record Metrics(String provider, String providerModel, long inputTokens, long outputTokens, boolean estimated,
			long timeToFirstTokenMillis, long durationMillis) implements StreamEvent {
	}

	/**
	 * The stream is complete.
	 *
	 * @param finishReason why the answer ended, in OpenAI's vocabulary ({@code stop},
	 * {@code length}, ...)
	 * @param citations the sources an answer from retrieval ({@code /rag/query}) cites,
	 * in the order of their numbers; absent from other answers
	 */
	record End(String finishReason,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Citation> citations) implements StreamEvent {

		public End {
			citations = (citations != null) ? List.copyOf(citations) : List.of();
		}

		public End(String finishReason) {
			this(finishReason, List.of());
		}

	}

	/**
	 * A source an answer cites as {@code [number]}.
	 *
	 * @param number the number the answer uses
	 * @param documentId the document in app-llm
	 * @param sourceId the document's id at its source (the article id for articles)
	 * @param source where the document comes from ({@code article}, {@code upload},
	 * {@code url})
	 * @param title the document's title
	 * @param snippet the cited passage, shortened
	 */
	record Citation(int number, long documentId, String sourceId, String source, String title, String snippet) {
	}

	/**
	 * The stream failed; nothing follows this event.
	 *
	 * @param problem what went wrong
	 */
	record Error(Problem problem) implements StreamEvent {
	}

	/** The event types and their SSE names. */
	enum Kind {

		START("start", Start.class), DELTA("delta", Delta.class), TOOL("tool", Tool.class),
		METRICS("metrics", Metrics.class), END("end", End.class), ERROR("error", Error.class);

		private final String eventName;

		private final Class<? extends StreamEvent> type;

		Kind(String eventName, Class<? extends StreamEvent> type) {
			this.eventName = eventName;
			this.type = type;
		}

		public String eventName() {
			return this.eventName;
		}

		public Class<? extends StreamEvent> type() {
			return this.type;
		}

		public static Kind of(Class<? extends StreamEvent> type) {
			return Arrays.stream(values())
				.filter((kind) -> kind.type == type)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Not a stream event: " + type));
		}

		/**
		 * The kind of event with the given SSE name.
		 * @throws IllegalArgumentException if no event has that name
		 */
		public static Kind named(String eventName) {
			return Arrays.stream(values())
				.filter((kind) -> kind.eventName.equals(eventName))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown stream event: " + eventName));
		}

	}

}
