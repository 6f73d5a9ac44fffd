package banyan.llm.chat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.Model;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.TokenCounter;
import banyan.llm.provider.TokenUsage;
import banyan.llm.provider.ToolCall;
import banyan.llm.usage.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * What is known of one request's answer while it streams, collected once for every stage
 * and protocol: the rounds asked of the model (one, or one per tool round), what each
 * delivered to the client (text and tool calls, after redaction), what the provider
 * reported (usage, finish reason, which target answered), and how routing went.
 * <p>
 * Written by the stages of one subscription, one signal at a time (Reactor serializes
 * them), and read by the stages outside them once their events have passed: not
 * thread-safe beyond that.
 */
public final class Answer {

	private final String requestId = newRequestId();

	private final long startNanos = System.nanoTime();

	private final Model model;

	private final TokenCounter tokens;

	private final List<Round> rounds = new ArrayList<>();

	private final ProviderRouting.Tally tally = new ProviderRouting.Tally();

	private Model.@Nullable Target target;

	private long firstTokenNanos = -1;

	private @Nullable Throwable failure;

	private @Nullable Outcome outcome;

	Answer(Model model, TokenCounter tokens) {
		this.model = model;
		this.tokens = tokens;
	}

	/**
	 * The request's id: {@code req_} and 32 hex digits. Random enough to be unique, but
	 * not from {@code SecureRandom}, whose entropy reads may block an event-loop thread.
	 */
	public String requestId() {
		return this.requestId;
	}

	/** The text delivered to the client over every round, as it was delivered. */
	public String text() {
		if (this.rounds.size() == 1) {
			return this.rounds.getFirst().text.toString();
		}
		StringBuilder text = new StringBuilder();
		this.rounds.forEach((round) -> text.append(round.text));
		return text.toString();
	}

	/**
	 * The tool calls the model made in its last round, put together from their pieces.
	 */
	public List<ToolCall> toolCalls() {
		return this.rounds.isEmpty() ? List.of() : this.rounds.getLast().toolCalls.calls();
	}

	/** Why the last round ended, in OpenAI's vocabulary; {@code stop} when not told. */
	public String finishReason() {
		String reason = this.rounds.isEmpty() ? null : this.rounds.getLast().finishReason;
		return (reason != null) ? reason : "stop";
	}

	/**
	 * The tokens of every round: what the provider reported for a round, or else counted
	 * (the round's prompt, and only what it delivered).
	 */
	public TokenUsage usage() {
		long input = 0;
		long output = 0;
		boolean estimated = false;
		for (Round round : this.rounds) {
			TokenUsage usage = round.usage(this.tokens);
			input += usage.inputTokens();
			output += usage.outputTokens();
			estimated |= usage.estimated();
		}
		return new TokenUsage(input, output, estimated);
	}

	/**
	 * What the answer is charged: its {@link #usage()}, or nothing when it delivered
	 * nothing and no provider reported usage (a failure before the first token).
	 */
	public TokenUsage charged() {
		boolean anything = this.rounds.stream().anyMatch((round) -> round.hasContent() || round.reported != null);
		return anything ? usage() : new TokenUsage(0, 0, false);
	}

	/** The figures of the finished answer, as the {@code metrics} event gives them. */
	public StreamEvent.Metrics metrics() {
		TokenUsage usage = usage();
		Model.Target answered = answered();
		return new StreamEvent.Metrics(answered.provider(), answered.model(), usage.inputTokens(), usage.outputTokens(),
				usage.estimated(), timeToFirstTokenMillis(), durationMillis());
	}

	/** The target that answered last, or the model's first when none has. */
	public Model.Target answered() {
		return (this.target != null) ? this.target : this.model.targets().getFirst();
	}

	/** The provider that answered last, or {@code none}. */
	public String provider() {
		return (this.target != null) ? this.target.provider() : "none";
	}

	/** The provider's model that answered last, or {@code none}. */
	public String providerModel() {
		return (this.target != null) ? this.target.model() : "none";
	}

	/** Whether any target answered at all. */
	public boolean reachedProvider() {
		return this.target != null;
	}

	/** Milliseconds from accepting the request to its first delivered token, or -1. */
	public long timeToFirstTokenMillis() {
		return (this.firstTokenNanos < 0) ? -1 : millis(this.firstTokenNanos - this.startNanos);
	}

	/** Milliseconds since the request was accepted. */
	public long durationMillis() {
		return millis(System.nanoTime() - this.startNanos);
	}

	/** How the answer ended, once it has; {@link Outcome#CANCELLED} until then. */
	public Outcome outcome() {
		return (this.outcome != null) ? this.outcome : Outcome.CANCELLED;
	}

	/** The failure the answer ended with, if it failed. */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	ProviderRouting.Tally tally() {
		return this.tally;
	}

	/** A new round starts: the model is asked {@code request}. */
	void startRound(ChatRequest request) {
		this.rounds.add(new Round(request));
	}

	/** A chunk came from a target in the current round. */
	void received(Model.Target target, ProviderChunk chunk) {
		this.target = target;
		Round round = this.rounds.getLast();
		if (chunk.hasContent() && this.firstTokenNanos < 0) {
			this.firstTokenNanos = System.nanoTime();
		}
		if (chunk.finishReason() != null) {
			round.finishReason = chunk.finishReason();
		}
		if (chunk.usage() != null) {
			round.reported = chunk.usage();
		}
	}

	/** A delta of the current round reached the client's side of redaction. */
	void delivered(StreamEvent.Delta delta) {
		Round round = this.rounds.getLast();
		round.counted = null;
		round.text.append(delta.text());
		for (StreamEvent.ToolCallDelta piece : delta.toolCalls()) {
			round.toolCalls.add(piece);
		}
	}

	void completed() {
		this.outcome = Outcome.OK;
	}

	void failed(Throwable failure) {
		this.outcome = Outcome.ERROR;
		this.failure = failure;
	}

	/** The last message of the first round's prompt: what the caller asked. */
	String prompt() {
		if (this.rounds.isEmpty()) {
			return "";
		}
		List<Message> messages = this.rounds.getFirst().request.messages();
		return messages.isEmpty() ? "" : messages.getLast().text();
	}

	private static long millis(long nanos) {
		return nanos / 1_000_000;
	}

	private static String newRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "req_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

	/** One request to the model and what came of it. */
	private static final class Round {

		private final ChatRequest request;

		private final StringBuilder text = new StringBuilder();

		private final ToolCalls toolCalls = new ToolCalls();

		private @Nullable String finishReason;

		private @Nullable TokenUsage reported;

		/** The counted usage, until the round delivers more. */
		private @Nullable TokenUsage counted;

		Round(ChatRequest request) {
			this.request = request;
		}

		boolean hasContent() {
			return !this.text.isEmpty() || !this.toolCalls.isEmpty();
		}

		TokenUsage usage(TokenCounter tokens) {
			if (this.reported != null) {
				return this.reported;
			}
			// Asked by several stages once the round has ended: counted once.
			if (this.counted == null) {
				long input = 0;
				for (Message message : this.request.messages()) {
					input += tokens.count(message.text());
				}
				this.counted = new TokenUsage(input, tokens.count(this.text.toString() + this.toolCalls.text()), true);
			}
			return this.counted;
		}

	}

}
