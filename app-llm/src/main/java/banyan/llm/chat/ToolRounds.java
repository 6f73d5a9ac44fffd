package banyan.llm.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.guardrail.Guardrails;
import banyan.llm.guardrail.ToolUrlPolicy;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.TokenUsage;
import banyan.llm.provider.ToolCall;
import banyan.llm.tool.CostCeilingReached;
import banyan.llm.tool.Tool;
import banyan.llm.tool.ToolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Server-side tools, inside the chain: the model is offered the exchange's tools; when a
 * round ends with tool calls, Banyan runs them (one at a time, each within the tool
 * timeout), reports each as a {@code tool} event, gives the results back to the model
 * (screened by the guardrails first) and asks again, until the model answers in text.
 * Limits per request: the number of tool calls (further calls are refused and the model
 * is asked to answer with what it has) and the cost ceiling (model rounds and tools; once
 * reached no further round starts and the flux fails with {@link CostCeilingReached}).
 * The client sees the text of every round and the {@code tool} events, never the model's
 * calls of server-side tools. Without tools, the chain's one round passes unchanged.
 */
@Component
final class ToolRounds implements ChatStage {

	private static final Logger log = LoggerFactory.getLogger(ToolRounds.class);

	private final ToolSettings settings;

	private final JsonMapper json;

	private final ContentScreen screen;

	@Autowired
	ToolRounds(ToolSettings settings, JsonMapper json, Guardrails guardrails) {
		this(settings, json, guardrails::screenContent);
	}

	ToolRounds(ToolSettings settings, JsonMapper json, ContentScreen screen) {
		this.settings = settings;
		this.json = json;
		this.screen = screen;
	}

	@Override
	public Flux<StreamEvent> stream(ChatExchange exchange, Chain next) {
		if (exchange.tools().isEmpty()) {
			return next.stream(exchange);
		}
		ChatRequest request = exchange.request();
		Map<String, Object> passThrough = new LinkedHashMap<>(request.passThrough());
		passThrough.put("tools", exchange.tools().stream().map(Tool::definition).toList());
		ChatExchange offered = exchange.withRequest(new ChatRequest(request.model(), request.messages(),
				request.maxOutputTokens(), request.temperature(), passThrough));
		return Flux.defer(() -> round(offered, next, new Spent(), 0));
	}

	private Flux<StreamEvent> round(ChatExchange exchange, Chain next, Spent spent, int round) {
		return next.stream(exchange)
			.filter((event) -> !(event instanceof StreamEvent.Delta delta) || !delta.text().isEmpty())
			.map((event) -> (event instanceof StreamEvent.Delta delta && !delta.toolCalls().isEmpty())
					? new StreamEvent.Delta(delta.text()) : event)
			.concatWith(Flux.defer(() -> afterRound(exchange, next, spent, round)));
	}

	private Flux<StreamEvent> afterRound(ChatExchange exchange, Chain next, Spent spent, int round) {
		Answer answer = exchange.answer();
		List<ToolCall> calls = answer.toolCalls();
		boolean wantsTools = "tool_calls".equals(answer.finishReason()) && !calls.isEmpty();
		if (!wantsTools || round > this.settings.maxCallsPerRequest()) {
			return Flux.empty();
		}
		return runTools(exchange, calls, spent).collectList()
			.flatMapMany((results) -> Flux.fromIterable(results)
				.<StreamEvent>map(Ran::event)
				.concatWith(Flux.defer(() -> nextRound(exchange, next, spent, round, results))));
	}

	private Flux<StreamEvent> nextRound(ChatExchange exchange, Chain next, Spent spent, int round, List<Ran> results) {
		if (spent(exchange, spent).compareTo(this.settings.maxCostPerRequest()) >= 0) {
			return Flux.error(new CostCeilingReached(this.settings.maxCostPerRequest()));
		}
		return Flux.fromIterable(results)
			.concatMap((ran) -> this.screen.screen(exchange.caller(), "tool_output", ran.modelOutput)
				.map((given) -> given ? ran.modelOutput
						: "[Withheld by Banyan: the tool's result contained instructions to the assistant.]"))
			.collectList()
			.flatMapMany((outputs) -> round(again(exchange, spent, results, outputs), next, spent, round + 1));
	}

	/** The exchange of the next round: the calls and their results added. */
	private ChatExchange again(ChatExchange exchange, Spent spent, List<Ran> results, List<String> outputs) {
		ChatRequest request = exchange.request();
		List<Message> messages = new ArrayList<>(request.messages());
		messages.add(Message.calling(results.stream().map(Ran::call).toList()));
		for (int i = 0; i < results.size(); i++) {
			messages.add(Message.toolResult(results.get(i).call.id(), outputs.get(i)));
		}
		Map<String, Object> passThrough = new LinkedHashMap<>(request.passThrough());
		if (spent.calls >= this.settings.maxCallsPerRequest()) {
			// No more calls: the model answers with what it has.
			passThrough.put("tool_choice", "none");
		}
		return exchange.withRequest(new ChatRequest(request.model(), messages, request.maxOutputTokens(),
				request.temperature(), passThrough));
	}

	/** What the request has cost so far: every model round and every tool call. */
	private static BigDecimal spent(ChatExchange exchange, Spent spent) {
		TokenUsage usage = exchange.answer().usage();
		return exchange.model().cost(usage.inputTokens(), usage.outputTokens()).add(spent.toolCost);
	}

	private Flux<Ran> runTools(ChatExchange exchange, List<ToolCall> calls, Spent spent) {
		Map<String, Tool> offered = new HashMap<>();
		exchange.tools().forEach((tool) -> offered.put(tool.name(), tool));
		return Flux.fromIterable(calls).concatMap((call) -> {
			Tool tool = offered.get(call.name());
			if (tool == null) {
				return Mono.just(refused(call, "There is no tool '" + call.name() + "'."));
			}
			if (spent.calls >= this.settings.maxCallsPerRequest()) {
				return Mono.just(refused(call, "The limit of " + this.settings.maxCallsPerRequest()
						+ " tool calls per request is reached; answer with what you have."));
			}
			if (spent(exchange, spent).add(tool.costEstimate()).compareTo(this.settings.maxCostPerRequest()) > 0) {
				return Mono.just(refused(call, "The request's cost ceiling does not allow this call."));
			}
			JsonNode arguments;
			try {
				arguments = this.json.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
			}
			catch (JacksonException ex) {
				return Mono.just(ran(call, "error", 0, "The arguments are not valid JSON.", BigDecimal.ZERO));
			}
			spent.calls++;
			spent.toolCost = spent.toolCost.add(tool.costEstimate());
			long started = System.nanoTime();
			return tool.call(exchange.caller(), arguments)
				.timeout(this.settings.timeout())
				.map((result) -> ran(call, result.ok() ? "ok" : "error", started, result.output(), tool.costEstimate()))
				.onErrorResume(TimeoutException.class,
						(timeout) -> Mono.just(ran(call, "timeout", started,
								"The tool did not answer within " + this.settings.timeout().toMillis() + " ms.",
								tool.costEstimate())))
				.onErrorResume(ToolUrlPolicy.ToolUrlRefused.class,
						(refused) -> Mono.just(ran(call, "refused", started, refused.getMessage(), BigDecimal.ZERO)))
				.onErrorResume((failure) -> !(failure instanceof TimeoutException), (failure) -> {
					log.warn("Tool '{}' failed", call.name(), failure);
					return Mono.just(ran(call, "error", started, "The tool failed.", tool.costEstimate()));
				});
		});
	}

	private Ran refused(ToolCall call, String why) {
		return ran(call, "refused", 0, why, BigDecimal.ZERO);
	}

	private Ran ran(ToolCall call, String status, long startedNanos, String output, BigDecimal cost) {
		long millis = (startedNanos == 0) ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
		boolean truncated = output.length() > this.settings.maxOutputChars();
		String shown = truncated ? output.substring(0, this.settings.maxOutputChars()) : output;
		return new Ran(call, shown, new StreamEvent.Tool(call.id(), call.name(), call.arguments(), status, millis,
				shown, truncated, cost.doubleValue()));
	}

	/** How content given to the model is screened: {@link Guardrails#screenContent}. */
	@FunctionalInterface
	interface ContentScreen {

		/** Emits whether the content may be given to the model. */
		Mono<Boolean> screen(Caller caller, String source, String content);

	}

	/**
	 * A call that ran (or was refused): what the model gets back and what the client
	 * sees.
	 */
	private record Ran(ToolCall call, String modelOutput, StreamEvent.Tool event) {
	}

	/** The tool calls of the request so far, over every round. */
	private static final class Spent {

		private int calls;

		private BigDecimal toolCost = BigDecimal.ZERO;

	}

}
