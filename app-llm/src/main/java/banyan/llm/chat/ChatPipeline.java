package banyan.llm.chat;

import java.util.List;
import java.util.function.Function;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.catalog.ModelCatalog;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.TokenCounter;
import banyan.llm.tool.Tool;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The chat pipeline, written once for every client protocol: a request is {@link #resolve
 * resolved} once, then sent through one chain of stages (ADR 15):
 * <ol>
 * <li>{@link InputScreening}: the guardrails screen the request;</li>
 * <li>{@link BudgetMetering}: the worst case is reserved against the budgets, and the
 * answer settled and written to the ledger when it ends;</li>
 * <li>{@link RequestObservation}: the request's observation, metrics and log line;</li>
 * <li>{@link EventFraming}: {@code start} first, {@code metrics} and {@code end}
 * last;</li>
 * <li>{@link ToolRounds}: server-side tools, one model round after another;</li>
 * <li>{@link AnswerRecording}: what each round delivers, into the {@link Answer};</li>
 * <li>{@link OutputRedaction}: personal data, secrets and the canary redacted;</li>
 * <li>{@link ProviderCall}: the model's targets, with retries and fallbacks.</li>
 * </ol>
 * A caller may put a stage of its own in front (a conversation's memory, the citations of
 * an answer from retrieval). The events: {@link StreamEvent.Start} once admitted, then
 * deltas and tool events, then {@link StreamEvent.Metrics} and {@link StreamEvent.End}. A
 * refusal (guardrails, budget) fails the flux before any event; a failure later fails it
 * after them; each protocol renders either its own way. Cancelling the subscription
 * cancels the provider call.
 */
@Service
public class ChatPipeline {

	private final Function<String, Model> catalog;

	private final TokenCounter tokens;

	private final ChatStage.Chain chain;

	@Autowired
	ChatPipeline(ModelCatalog catalog, TokenCounter tokens, InputScreening screening, BudgetMetering metering,
			RequestObservation observation, EventFraming framing, ToolRounds tools, OutputRedaction redaction,
			ProviderCall providers) {
		this(catalog::resolve, tokens,
				List.of(screening, metering, observation, framing, tools, new AnswerRecording(), redaction), providers);
	}

	/** A pipeline of the stages before {@code last}, with models from the function. */
	ChatPipeline(Function<String, Model> catalog, TokenCounter tokens, List<ChatStage> stages, ChatStage.Chain last) {
		this.catalog = catalog;
		this.tokens = tokens;
		this.chain = chain(stages, last);
	}

	/** The stages as one chain, built once: the first stage outermost. */
	static ChatStage.Chain chain(List<ChatStage> stages, ChatStage.Chain last) {
		ChatStage.Chain chain = last;
		for (ChatStage stage : stages.reversed()) {
			ChatStage.Chain next = chain;
			chain = (exchange) -> stage.stream(exchange, next);
		}
		return chain;
	}

	/**
	 * Resolves the request for the caller now, so that a model it may not use fails
	 * before any stream starts.
	 * @param tools the server-side tools to offer the model; empty for none
	 * @throws banyan.llm.catalog.UnknownModel if the catalog has no such alias
	 * @throws banyan.llm.identity.ModelNotAllowed if the caller's key does not allow it
	 */
	public ChatExchange resolve(Caller caller, ChatRequest request, List<Tool> tools) {
		caller.requireModel(request.model());
		Model model = this.catalog.apply(request.model());
		return new ChatExchange(caller, model, request, tools, new Answer(model, this.tokens));
	}

	/** {@link #resolve(Caller, ChatRequest, List)} without tools. */
	public ChatExchange resolve(Caller caller, ChatRequest request) {
		return resolve(caller, request, List.of());
	}

	/**
	 * The answer's events through the chain. Subscribe once: the answer is the
	 * exchange's.
	 */
	public Flux<StreamEvent> stream(ChatExchange exchange) {
		return this.chain.stream(exchange);
	}

	/** The answer's events with {@code first} in front of the chain. */
	public Flux<StreamEvent> stream(ChatExchange exchange, ChatStage first) {
		return first.stream(exchange, this.chain);
	}

	/**
	 * The whole answer, for a protocol that does not stream: the same events, collected
	 * in the exchange's {@link Answer}, which the mono gives once the stream has ended.
	 */
	public Mono<Answer> complete(ChatExchange exchange) {
		return stream(exchange).then(Mono.fromSupplier(exchange::answer));
	}

}
