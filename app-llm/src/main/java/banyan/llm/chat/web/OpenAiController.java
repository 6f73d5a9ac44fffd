package banyan.llm.chat.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import banyan.contracts.stream.StreamEvent;
import banyan.contracts.usage.TokenReport;
import banyan.llm.catalog.ModelCatalog;
import banyan.llm.chat.Answer;
import banyan.llm.chat.ChatExchange;
import banyan.llm.chat.ChatPipeline;
import banyan.llm.embedding.Embedder;
import banyan.llm.identity.Caller;
import banyan.llm.openai.ChatCompletion;
import banyan.llm.openai.ChatCompletionChunk;
import banyan.llm.openai.ChatCompletionRequest;
import banyan.llm.openai.ModelList;
import banyan.llm.openai.Usage;
import banyan.llm.problem.Problems;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.TokenUsage;
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

	private final ChatPipeline chat;

	private final ModelCatalog catalog;

	private final Problems problems;

	private final JsonMapper json;

	private final Clock clock;

	private final Embedder embedder;

	OpenAiController(ChatPipeline chat, ModelCatalog catalog, Problems problems, JsonMapper json, Clock clock,
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
		ChatExchange exchange = this.chat.resolve(caller, new ChatRequest(body.model(),
				OpenAiMessages.of(body.messages()), body.maxOutputTokens(), body.temperature(), body.extra()));
		Completion completion = new Completion(exchange.answer(), this.clock.instant().getEpochSecond(), body.model());
		return body.stream() ? stream(this.chat.stream(exchange), completion, body.includeUsage(), response)
				: whole(exchange, completion, response);
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

	private Mono<Void> whole(ChatExchange exchange, Completion completion, ServerHttpResponse response) {
		return this.chat.complete(exchange).flatMap((answer) -> {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			ChatCompletion whole = completion.whole();
			response.getHeaders().set(TokenReport.HEADER, Long.toString(whole.usage().totalTokens()));
			String json = this.json.writeValueAsString(whole);
			return response.writeWith(Mono.just(buffer(response, json)));
		});
	}

	private static DataBuffer buffer(ServerHttpResponse response, String text) {
		return response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The OpenAI view of one answer, from its {@link Answer}. Used by one subscription.
	 */
	private static final class Completion {

		private final Answer answer;

		private final String id;

		private final long created;

		private final String model;

		private boolean roleSent;

		Completion(Answer answer, long created, String model) {
			this.answer = answer;
			this.id = "chatcmpl-" + answer.requestId().substring("req_".length());
			this.created = created;
			this.model = model;
		}

		/**
		 * The {@code data:} lines (and comments) an event becomes, as one piece of text:
		 * empty for an event without any.
		 */
		String frames(StreamEvent event, boolean includeUsage, Function<Object, String> data) {
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
					yield includeUsage
							? last + data.apply(ChatCompletionChunk.usage(this.id, this.created, this.model, usage()))
							: last;
				}
				default -> "";
			};
		}

		ChatCompletion whole() {
			List<ChatCompletion.ToolCall> calls = this.answer.toolCalls()
				.stream()
				.map((call) -> new ChatCompletion.ToolCall(call.id(), "function",
						new ChatCompletion.Function(call.name(), call.arguments())))
				.toList();
			String text = this.answer.text();
			ChatCompletion.Message message = new ChatCompletion.Message("assistant",
					(calls.isEmpty() || !text.isEmpty()) ? text : null, calls.isEmpty() ? null : calls);
			return ChatCompletion.of(this.id, this.created, this.model, message, this.answer.finishReason(), usage());
		}

		private Usage usage() {
			TokenUsage usage = this.answer.usage();
			return Usage.of(usage.inputTokens(), usage.outputTokens());
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

}
