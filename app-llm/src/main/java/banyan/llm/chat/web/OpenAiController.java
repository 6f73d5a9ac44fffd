package banyan.llm.chat.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import banyan.contracts.stream.StreamEvent;
import banyan.contracts.usage.TokenReport;
import banyan.llm.catalog.ModelCatalog;
import banyan.llm.chat.ChatCompletions;
import banyan.llm.embedding.Embedder;
import banyan.llm.identity.Caller;
import banyan.llm.openai.ChatCompletion;
import banyan.llm.openai.ChatCompletionChunk;
import banyan.llm.openai.ChatCompletionRequest;
import banyan.llm.openai.ModelList;
import banyan.llm.openai.Usage;
import banyan.llm.problem.Problems;
import banyan.llm.provider.ChatRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI-compatible API, in OpenAI's exact wire format, so any OpenAI SDK works by
 * changing only its base URL. A streamed answer is {@code data: <chunk>} lines ending
 * with {@code data: [DONE]}; a failure before the first chunk is an HTTP error with an
 * OpenAI error body, a failure after it is a last {@code data:} line with that body and
 * no {@code [DONE]}. What an answer used is also in the {@code Banyan-Tokens} header or,
 * streamed, a {@code :banyan-tokens=<n>} comment, for the gateway's rate limits.
 */
@RestController
class OpenAiController {

	private final ChatCompletions chat;

	private final ModelCatalog catalog;

	private final Problems problems;

	private final JsonMapper json;

	private final Clock clock;

	private final Embedder embedder;

	OpenAiController(ChatCompletions chat, ModelCatalog catalog, Problems problems, JsonMapper json, Clock clock,
			Embedder embedder) {
		this.chat = chat;
		this.catalog = catalog;
		this.embedder = embedder;
		this.problems = problems;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The chat models of the catalog, then the embedding model: those the caller may use.
	 */
	@GetMapping("/v1/models")
	ModelList models(@AuthenticationPrincipal Caller caller) {
		return ModelList.of(java.util.stream.Stream
			.concat(this.catalog.all().stream().map(banyan.llm.catalog.Model::alias),
					java.util.stream.Stream.of(this.embedder.model()))
			.filter(caller::mayUse)
			.map((alias) -> ModelList.Model.of(alias, 0, "banyan"))
			.toList());
	}

	@PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<Void> complete(@AuthenticationPrincipal Caller caller, @Valid @RequestBody ChatCompletionRequest body,
			ServerHttpResponse response) {
		ChatRequest request = new ChatRequest(body.model(), body.messages(), body.maxOutputTokens(), body.temperature(),
				body.extra());
		this.chat.model(caller, request);
		Completion completion = new Completion(this.clock.instant().getEpochSecond(), body.model());
		Flux<StreamEvent> events = this.chat.stream(caller, request);
		return body.stream() ? stream(events, completion, body.includeUsage(), response)
				: whole(events, completion, response);
	}

	private Mono<Void> stream(Flux<StreamEvent> events, Completion completion, boolean includeUsage,
			ServerHttpResponse response) {
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		response.getHeaders().setCacheControl("no-cache");
		response.getHeaders().set("X-Accel-Buffering", "no");
		AtomicBoolean started = new AtomicBoolean();
		// One buffer per event, written and flushed at once.
		Flux<String> frames = events.map((event) -> completion.frames(event, includeUsage, this::data))
			.filter((text) -> !text.isEmpty())
			.concatWithValues("data: [DONE]\n\n")
			.doOnNext((frame) -> started.set(true))
			.onErrorResume((failure) -> started.get()
					? Mono.just(data(this.problems.openAiError(this.problems.of(failure), failure)))
					: Mono.error(failure));
		return response.writeAndFlushWith(frames.map((frame) -> Mono.just(buffer(response, frame))));
	}

	private String data(Object value) {
		return "data: " + this.json.writeValueAsString(value) + "\n\n";
	}

	private Mono<Void> whole(Flux<StreamEvent> events, Completion completion, ServerHttpResponse response) {
		return events.doOnNext(completion::note).then(Mono.defer(() -> {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			ChatCompletion whole = completion.whole();
			response.getHeaders().set(TokenReport.HEADER, Long.toString(whole.usage().totalTokens()));
			String json = this.json.writeValueAsString(whole);
			return response.writeWith(Mono.just(buffer(response, json)));
		}));
	}

	private static DataBuffer buffer(ServerHttpResponse response, String text) {
		return response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The OpenAI view of one answer while its events arrive. Used by one subscription.
	 */
	private static final class Completion {

		private String id = "chatcmpl-";

		private final long created;

		private final String model;

		private boolean roleSent;

		private @Nullable Usage usage;

		private String finishReason = "stop";

		private final StringBuilder text = new StringBuilder();

		private final SortedMap<Integer, ToolCallBuilder> toolCalls = new TreeMap<>();

		Completion(long created, String model) {
			this.created = created;
			this.model = model;
		}

		void note(StreamEvent event) {
			switch (event) {
				case StreamEvent.Start start -> this.id = "chatcmpl-" + start.requestId().substring("req_".length());
				case StreamEvent.Metrics metrics ->
					this.usage = Usage.of(metrics.inputTokens(), metrics.outputTokens());
				case StreamEvent.End end -> this.finishReason = end.finishReason();
				case StreamEvent.Delta delta -> {
					this.text.append(delta.text());
					for (StreamEvent.ToolCallDelta call : delta.toolCalls()) {
						this.toolCalls.computeIfAbsent(call.index(), (index) -> new ToolCallBuilder()).add(call);
					}
				}
				default -> {
				}
			}
		}

		/**
		 * The {@code data:} lines (and comments) an event becomes, as one piece of text:
		 * empty for an event without any.
		 */
		String frames(StreamEvent event, boolean includeUsage, Function<Object, String> data) {
			note(event);
			return switch (event) {
				case StreamEvent.Delta delta -> data.apply(chunk(
						new ChatCompletionChunk.Delta(role(),
								(delta.text().isEmpty() && !delta.toolCalls().isEmpty()) ? null : delta.text(),
								delta.toolCalls().isEmpty() ? null
										: delta.toolCalls().stream().map(ChatCompletionChunk.ToolCall::of).toList()),
						null));
				// What the answer used, for the gateway's tokens-per-minute limit; SDKs
				// skip comments.
				case StreamEvent.Metrics metrics ->
					":" + TokenReport.COMMENT + (metrics.inputTokens() + metrics.outputTokens()) + "\n\n";
				case StreamEvent.End end -> {
					String last = data.apply(chunk(new ChatCompletionChunk.Delta(role(), null), end.finishReason()));
					yield (includeUsage && this.usage != null) ? last
							+ data.apply(ChatCompletionChunk.usage(this.id, this.created, this.model, this.usage))
							: last;
				}
				default -> "";
			};
		}

		ChatCompletion whole() {
			Usage counted = (this.usage != null) ? this.usage : Usage.of(0, 0);
			List<ChatCompletion.ToolCall> calls = this.toolCalls.values().stream().map(ToolCallBuilder::build).toList();
			ChatCompletion.Message message = new ChatCompletion.Message("assistant",
					(calls.isEmpty() || !this.text.isEmpty()) ? this.text.toString() : null,
					calls.isEmpty() ? null : calls);
			return ChatCompletion.of(this.id, this.created, this.model, message, this.finishReason, counted);
		}

		private @Nullable String role() {
			if (this.roleSent) {
				return null;
			}
			this.roleSent = true;
			return "assistant";
		}

		private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, @Nullable String finishReason) {
			return ChatCompletionChunk.of(this.id, this.created, this.model,
					new ChatCompletionChunk.Choice(0, delta, finishReason));
		}

	}

	/** One tool call, put together from its streamed pieces. */
	private static final class ToolCallBuilder {

		private String id = "";

		private String name = "";

		private final StringBuilder arguments = new StringBuilder();

		void add(StreamEvent.ToolCallDelta piece) {
			if (piece.id() != null) {
				this.id = piece.id();
			}
			if (piece.name() != null) {
				this.name = piece.name();
			}
			if (piece.arguments() != null) {
				this.arguments.append(piece.arguments());
			}
		}

		ChatCompletion.ToolCall build() {
			return new ChatCompletion.ToolCall(this.id, "function",
					new ChatCompletion.Function(this.name, this.arguments.toString()));
		}

	}

}
