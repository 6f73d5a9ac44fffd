package banyan.llm.provider.openai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.openai.ChatCompletionChunk;
import banyan.llm.provider.ChatProvider;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.ProviderException;
import banyan.llm.provider.ProviderHttp;
import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.TokenUsage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Streams answers from an OpenAI-compatible {@code /chat/completions} endpoint over
 * Reactor Netty, with its own connection pool. The request always asks for a stream with
 * usage; request fields Banyan does not interpret are sent unchanged.
 */
public final class OpenAiCompatibleProvider implements ChatProvider {

	private static final String DONE = "[DONE]";

	/** How long a response may stay open after {@code [DONE]}. */
	private static final Duration AFTER_DONE = Duration.ofMillis(500);

	/** A chunk that says nothing, dropped from the stream. */
	private static final ProviderChunk NOTHING = new ProviderChunk("", List.of(), null, null);

	private final String name;

	private final WebClient client;

	private final JsonMapper json = ProviderHttp.warmedUp(
			JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(),
			ChatCompletionChunk.class);

	public OpenAiCompatibleProvider(String name, ProviderSettings.Provider settings, WebClient.Builder webClients) {
		this.name = name;
		this.client = ProviderHttp.client(name, settings, webClients, (headers) -> {
			if (StringUtils.hasText(settings.apiKey())) {
				headers.setBearerAuth(settings.apiKey());
			}
		});
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A stream that ends before {@code data: [DONE]} and before any chunk with a finish
	 * reason (a dropped connection, say) fails: a truncated answer is not passed off as a
	 * whole one.
	 */
	@Override
	public Flux<ProviderChunk> stream(ChatRequest request) {
		return Flux.defer(() -> {
			AtomicBoolean ended = new AtomicBoolean();
			AtomicBoolean afterDone = new AtomicBoolean();
			Sinks.Empty<Void> done = Sinks.empty();
			return this.client.post()
				.uri("/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(body(request))
				.exchangeToFlux((response) -> ProviderHttp.events(this.name, response, this::errorMessage))
				// Read to the end, which follows [DONE] at once, so the connection goes
				// back to the pool (cancelling at [DONE] closes it). A server that keeps
				// the response open after [DONE] is let go after a moment.
				// map and filter, not handle: handle would restore the thread locals of
				// the context (tracing) for every chunk.
				.filter((data) -> {
					if (DONE.equals(data)) {
						ended.set(true);
						afterDone.set(true);
						done.tryEmitEmpty();
					}
					return !afterDone.get();
				})
				.map(this::chunk)
				.filter((chunk) -> chunk != NOTHING)
				.doOnNext((chunk) -> {
					if (chunk.finishReason() != null) {
						ended.set(true);
					}
				})
				.takeUntilOther(done.asMono().then(Mono.delay(AFTER_DONE)))
				.concatWith(Mono.defer(() -> ended.get() ? Mono.empty()
						: Mono.error(
								new ProviderUnavailable(this.name, "ended its stream before the answer's end", null))))
				.onErrorMap((ex) -> !(ex instanceof ProviderException),
						(ex) -> new ProviderUnavailable(this.name, ProviderHttp.describe(ex), ex));
		});
	}

	private Map<String, Object> body(ChatRequest request) {
		Map<String, Object> body = new LinkedHashMap<>(request.passThrough());
		body.put("model", request.model());
		body.put("messages", request.messages().stream().map(OpenAiCompatibleProvider::wire).toList());
		body.put("stream", true);
		body.put("stream_options", Map.of("include_usage", true));
		if (request.maxOutputTokens() != null) {
			body.put("max_tokens", request.maxOutputTokens());
		}
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		return body;
	}

	/**
	 * The chunk a {@code data:} line carries, or {@link #NOTHING} for one without
	 * content, finish reason or usage.
	 * @throws ProviderUnavailable if the line is an error or not a chunk
	 */
	private ProviderChunk chunk(String data) {
		// Only a chunk that names "error" can be an error object: read its tree to tell.
		if (data.contains("\"error\"") && isError(data)) {
			throw new ProviderUnavailable(this.name, "failed mid-stream: " + errorMessage(data), null);
		}
		ChatCompletionChunk chunk;
		try {
			chunk = this.json.readValue(data, ChatCompletionChunk.class);
		}
		catch (StreamReadException ex) {
			throw new ProviderUnavailable(this.name, "sent a chunk that is not JSON", ex);
		}
		catch (JacksonException ex) {
			throw new ProviderUnavailable(this.name, "sent a chunk in an unexpected shape", ex);
		}
		List<ChatCompletionChunk.Choice> choices = (chunk.choices() != null) ? chunk.choices() : List.of();
		String text = "";
		List<StreamEvent.ToolCallDelta> toolCalls = List.of();
		String finishReason = null;
		if (!choices.isEmpty()) {
			ChatCompletionChunk.Choice choice = choices.getFirst();
			ChatCompletionChunk.Delta delta = choice.delta();
			if (delta != null) {
				text = (delta.content() != null) ? delta.content() : "";
				toolCalls = (delta.toolCalls() != null)
						? delta.toolCalls().stream().map(ChatCompletionChunk.ToolCall::toDelta).toList() : List.of();
			}
			finishReason = choice.finishReason();
		}
		TokenUsage usage = (chunk.usage() != null)
				? new TokenUsage(chunk.usage().promptTokens(), chunk.usage().completionTokens(), false) : null;
		ProviderChunk piece = new ProviderChunk(text, toolCalls, finishReason, usage);
		return (piece.hasContent() || finishReason != null || usage != null) ? piece : NOTHING;
	}

	/** A message in OpenAI's shape. */
	static Map<String, Object> wire(Message message) {
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("role", message.role().value());
		List<Message.Part> content = message.content();
		if (content.size() == 1 && content.getFirst() instanceof Message.Part.Text text) {
			wire.put("content", text.text());
		}
		else if (content.isEmpty()) {
			wire.put("content", message.toolCalls().isEmpty() ? "" : null);
		}
		else {
			wire.put("content", content.stream().map(OpenAiCompatibleProvider::wire).toList());
		}
		if (!message.toolCalls().isEmpty()) {
			wire.put("tool_calls",
					message.toolCalls()
						.stream()
						.map((call) -> Map.of("id", call.id(), "type", "function", "function",
								Map.of("name", call.name(), "arguments", call.arguments())))
						.toList());
		}
		if (message.toolCallId() != null) {
			wire.put("tool_call_id", message.toolCallId());
		}
		wire.putAll(message.passThrough());
		return wire;
	}

	private static Map<String, Object> wire(Message.Part part) {
		return switch (part) {
			case Message.Part.Text text -> Map.of("type", "text", "text", text.text());
			case Message.Part.Image image -> Map.of("type", "image_url", "image_url", (image.detail() != null)
					? Map.of("url", image.url(), "detail", image.detail()) : Map.of("url", image.url()));
			case Message.Part.Other other -> other.fields();
		};
	}

	private boolean isError(String data) {
		try {
			return this.json.readTree(data).has("error");
		}
		catch (JacksonException ex) {
			// Not JSON: reading it as a chunk says so.
			return false;
		}
	}

	private String errorMessage(String body) {
		try {
			return errorMessage(this.json.readTree(body));
		}
		catch (JacksonException ex) {
			return ProviderHttp.abbreviate(body);
		}
	}

	private static String errorMessage(JsonNode node) {
		JsonNode message = node.path("error").path("message");
		return message.isString() ? ProviderHttp.abbreviate(message.asString())
				: ProviderHttp.abbreviate(node.toString());
	}

}
