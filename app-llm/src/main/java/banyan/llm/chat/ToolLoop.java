package banyan.llm.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.guardrail.ToolUrlPolicy;
import banyan.llm.identity.Caller;
import banyan.llm.openai.ChatMessage;
import banyan.llm.provider.ChatRequest;
import banyan.llm.tool.CostCeilingReached;
import banyan.llm.tool.Tool;
import banyan.llm.tool.ToolSettings;
import banyan.llm.usage.Metering;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Answers with server-side tools: the model is offered the tools; when it answers with
 * tool calls, Banyan runs them (one at a time, each within the tool timeout), reports
 * each as a {@code tool} event, gives the results back to the model and asks again, until
 * the model answers in text. Limits per request: the number of tool calls (further calls
 * are refused and the model is asked to answer with what it has) and the cost ceiling
 * (model rounds and tools; once reached no further round starts and the stream ends with
 * an error). The client sees one {@code start}, the text deltas of every round, the
 * {@code tool} events, one {@code metrics} summing every round, and one {@code end}.
 */
@Component
public class ToolLoop {

	private static final Logger log = LoggerFactory.getLogger(ToolLoop.class);

	private final ChatCompletions chat;

	private final ToolSettings settings;

	private final JsonMapper json;

	private final Metering metering;

	private final Guardrails guardrails;

	ToolLoop(ChatCompletions chat, ToolSettings settings, JsonMapper json, Metering metering, Guardrails guardrails) {
		this.chat = chat;
		this.guardrails = guardrails;
		this.settings = settings;
		this.json = json;
		this.metering = metering;
	}

	/**
	 * The answer's events with the tools offered to the model.
	 * @throws banyan.llm.catalog.UnknownModel if the catalog has no such alias
	 * @throws banyan.llm.identity.ModelNotAllowed if the caller's key does not allow it
	 */
	public Flux<StreamEvent> stream(Caller caller, ChatRequest request, List<Tool> tools) {
		Model model = this.chat.model(caller, request);
		Map<String, Object> passThrough = new LinkedHashMap<>(request.passThrough());
		passThrough.put("tools", tools.stream().map(Tool::definition).toList());
		ChatRequest offered = new ChatRequest(request.model(), request.messages(), request.maxOutputTokens(),
				request.temperature(), passThrough);
		// The ceiling is checked between rounds, so one round more may start below it.
		BigDecimal reserve = this.metering.worstCase(caller, model, offered).add(this.settings.maxCostPerRequest());
		return this.guardrails.screenInput(caller, offered)
			.thenMany(this.metering.meter(caller, model, offered, reserve, this.guardrails.redact(caller,
					Flux.defer(() -> round(caller, model, offered, tools, new Spent(), 0)))));
	}

	private Flux<StreamEvent> round(Caller caller, Model model, ChatRequest request, List<Tool> tools, Spent spent,
			int round) {
		SortedMap<Integer, Call> calls = new TreeMap<>();
		return this.chat.answer(caller, model, request).concatMap((event) -> switch (event) {
			case StreamEvent.Start start -> (round == 0) ? Mono.just(start) : Mono.empty();
			case StreamEvent.Delta delta -> {
				for (StreamEvent.ToolCallDelta piece : delta.toolCalls()) {
					calls.computeIfAbsent(piece.index(), (index) -> new Call()).add(piece);
				}
				yield delta.text().isEmpty() ? Mono.empty() : Mono.just(new StreamEvent.Delta(delta.text()));
			}
			case StreamEvent.Metrics metrics -> {
				spent.add(metrics, model.cost(metrics.inputTokens(), metrics.outputTokens()));
				yield Mono.empty();
			}
			case StreamEvent.End end -> {
				boolean wantsTools = "tool_calls".equals(end.finishReason()) && !calls.isEmpty();
				if (!wantsTools || round > this.settings.maxCallsPerRequest()) {
					yield Flux.just(spent.metrics(), end);
				}
				yield Flux.defer(() -> runTools(caller, tools, calls.values(), spent))
					.collectList()
					.flatMapMany((results) -> Flux.fromIterable(results)
						.map(Ran::event)
						.cast(StreamEvent.class)
						.concatWith(Flux.defer(() -> next(caller, model, request, tools, spent, round, results))));
			}
			default -> Mono.just(event);
		});
	}

	private Flux<StreamEvent> next(Caller caller, Model model, ChatRequest request, List<Tool> tools, Spent spent,
			int round, List<Ran> results) {
		if (spent.cost.compareTo(this.settings.maxCostPerRequest()) >= 0) {
			return Flux.error(new CostCeilingReached(this.settings.maxCostPerRequest()));
		}
		return Flux.fromIterable(results)
			.concatMap((ran) -> this.guardrails.screenContent(caller, "tool_output", ran.modelOutput)
				.map((given) -> given ? ran.modelOutput
						: "[Withheld by Banyan: the tool's result contained instructions to the assistant.]"))
			.collectList()
			.flatMapMany((outputs) -> again(caller, model, request, tools, spent, round, results, outputs));
	}

	private Flux<StreamEvent> again(Caller caller, Model model, ChatRequest request, List<Tool> tools, Spent spent,
			int round, List<Ran> results, List<String> outputs) {
		List<ChatMessage> messages = new ArrayList<>(request.messages());
		ChatMessage asked = new ChatMessage("assistant", null);
		asked.extra().put("tool_calls", results.stream().map((ran) -> ran.call.definition()).toList());
		messages.add(asked);
		for (int i = 0; i < results.size(); i++) {
			Ran ran = results.get(i);
			ChatMessage answer = new ChatMessage("tool", outputs.get(i));
			answer.extra().put("tool_call_id", ran.call.id);
			messages.add(answer);
		}
		Map<String, Object> passThrough = new LinkedHashMap<>(request.passThrough());
		if (spent.calls >= this.settings.maxCallsPerRequest()) {
			// No more calls: the model answers with what it has.
			passThrough.put("tool_choice", "none");
		}
		ChatRequest again = new ChatRequest(request.model(), messages, request.maxOutputTokens(), request.temperature(),
				passThrough);
		return round(caller, model, again, tools, spent, round + 1);
	}

	private Flux<Ran> runTools(Caller caller, List<Tool> tools, Iterable<Call> calls, Spent spent) {
		Map<String, Tool> offered = new HashMap<>();
		tools.forEach((tool) -> offered.put(tool.name(), tool));
		return Flux.fromIterable(calls).concatMap((call) -> {
			Tool tool = offered.get(call.name);
			if (tool == null) {
				return Mono.just(refused(call, "There is no tool '" + call.name + "'."));
			}
			if (spent.calls >= this.settings.maxCallsPerRequest()) {
				return Mono.just(refused(call, "The limit of " + this.settings.maxCallsPerRequest()
						+ " tool calls per request is reached; answer with what you have."));
			}
			if (spent.cost.add(tool.costEstimate()).compareTo(this.settings.maxCostPerRequest()) > 0) {
				return Mono.just(refused(call, "The request's cost ceiling does not allow this call."));
			}
			JsonNode arguments;
			try {
				arguments = this.json.readTree(call.arguments.toString().isBlank() ? "{}" : call.arguments.toString());
			}
			catch (JacksonException ex) {
				return Mono.just(ran(call, "error", 0, "The arguments are not valid JSON.", BigDecimal.ZERO));
			}
			spent.calls++;
			spent.cost = spent.cost.add(tool.costEstimate());
			long started = System.nanoTime();
			return tool.call(caller, arguments)
				.timeout(this.settings.timeout())
				.map((result) -> ran(call, result.ok() ? "ok" : "error", started, result.output(), tool.costEstimate()))
				.onErrorResume(TimeoutException.class,
						(timeout) -> Mono.just(ran(call, "timeout", started,
								"The tool did not answer within " + this.settings.timeout().toMillis() + " ms.",
								tool.costEstimate())))
				.onErrorResume(ToolUrlPolicy.ToolUrlRefused.class,
						(refused) -> Mono.just(ran(call, "refused", started, refused.getMessage(), BigDecimal.ZERO)))
				.onErrorResume((failure) -> !(failure instanceof TimeoutException), (failure) -> {
					log.warn("Tool '{}' failed", call.name, failure);
					return Mono.just(ran(call, "error", started, "The tool failed.", tool.costEstimate()));
				});
		});
	}

	private Ran refused(Call call, String why) {
		return ran(call, "refused", 0, why, BigDecimal.ZERO);
	}

	private Ran ran(Call call, String status, long startedNanos, String output, BigDecimal cost) {
		long millis = (startedNanos == 0) ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
		boolean truncated = output.length() > this.settings.maxOutputChars();
		String shown = truncated ? output.substring(0, this.settings.maxOutputChars()) : output;
		return new Ran(call, shown, new StreamEvent.Tool(call.id, call.name, call.arguments.toString(), status, millis,
				shown, truncated, cost.doubleValue()));
	}

	/**
	 * One tool call as the model streamed it, pieces joined.
	 */
	private static final class Call {

		private String id = "";

		private String name = "";

		private final StringBuilder arguments = new StringBuilder();

		void add(StreamEvent.ToolCallDelta piece) {
			if (piece.id() != null && !piece.id().isEmpty()) {
				this.id = piece.id();
			}
			if (piece.name() != null && !piece.name().isEmpty()) {
				this.name = piece.name();
			}
			if (piece.arguments() != null) {
				this.arguments.append(piece.arguments());
			}
		}

		Map<String, Object> definition() {
			return Map.of("id", this.id, "type", "function", "function",
					Map.of("name", this.name, "arguments", this.arguments.toString()));
		}

	}

	/**
	 * A call that ran (or was refused): what the model gets back and what the client
	 * sees.
	 */
	private record Ran(Call call, String modelOutput, StreamEvent.Tool event) {
	}

	/**
	 * What the request has used so far, over every round.
	 */
	private static final class Spent {

		private int calls;

		private BigDecimal cost = BigDecimal.ZERO;

		private StreamEvent.@Nullable Metrics first;

		private StreamEvent.@Nullable Metrics last;

		private long inputTokens;

		private long outputTokens;

		private boolean estimated;

		private long durationMillis;

		void add(StreamEvent.Metrics metrics, BigDecimal roundCost) {
			if (this.first == null) {
				this.first = metrics;
			}
			this.last = metrics;
			this.inputTokens += metrics.inputTokens();
			this.outputTokens += metrics.outputTokens();
			this.estimated |= metrics.estimated();
			this.durationMillis += metrics.durationMillis();
			this.cost = this.cost.add(roundCost);
		}

		StreamEvent.Metrics metrics() {
			StreamEvent.Metrics latest = (this.last != null) ? this.last
					: new StreamEvent.Metrics("none", "none", 0, 0, false, -1, 0);
			long firstToken = (this.first != null) ? this.first.timeToFirstTokenMillis() : -1;
			return new StreamEvent.Metrics(latest.provider(), latest.providerModel(), this.inputTokens,
					this.outputTokens, this.estimated, firstToken, this.durationMillis);
		}

	}

}
