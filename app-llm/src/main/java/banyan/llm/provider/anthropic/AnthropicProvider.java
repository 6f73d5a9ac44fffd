package banyan.llm.provider.anthropic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import banyan.contracts.stream.StreamEvent.ToolCallDelta;
import banyan.llm.provider.ChatProvider;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.ProviderException;
import banyan.llm.provider.ProviderHttp;
import banyan.llm.provider.ProviderRejectedRequest;
import banyan.llm.provider.ProviderSettings;
import banyan.llm.provider.ProviderUnavailable;
import banyan.llm.provider.TokenUsage;
import banyan.llm.provider.ToolCall;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Streams answers from Anthropic's Messages API, translating the OpenAI-shaped request
 * (system messages, tool calls and tool results, {@code tools}, {@code tool_choice},
 * {@code stop}) into Anthropic's shape and its streaming events ({@code message_start},
 * {@code content_block_*}, {@code message_delta}, {@code message_stop}) back into
 * OpenAI's chunks, tool use included.
 */
public final class AnthropicProvider implements ChatProvider {

	static final String API_VERSION = "2023-06-01";

	private final String name;

	private final int defaultMaxTokens;

	private final WebClient client;

	private final JsonMapper json = ProviderHttp.warmedUp(JsonMapper.builder().build());

	public AnthropicProvider(String name, ProviderSettings.Provider settings, WebClient.Builder webClients) {
		this.name = name;
		this.defaultMaxTokens = settings.defaultMaxTokens();
		this.client = ProviderHttp.client(name, settings, webClients, (headers) -> {
			if (StringUtils.hasText(settings.apiKey())) {
				headers.set("x-api-key", settings.apiKey());
			}
			headers.set("anthropic-version", API_VERSION);
		});
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A stream that ends before {@code message_stop} or a stop reason fails, as does one
	 * with an {@code error} event.
	 */
	@Override
	public Flux<ProviderChunk> stream(ChatRequest request) {
		return Flux.defer(() -> {
			ObjectNode body;
			try {
				body = body(request);
			}
			catch (ProviderException ex) {
				return Flux.error(ex);
			}
			Answer answer = new Answer();
			return this.client.post()
				.uri("/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(body)
				.exchangeToFlux((response) -> ProviderHttp.events(this.name, response, this::errorMessage))
				.concatMap((data) -> answer.read(data))
				.concatWith(Mono.defer(() -> answer.ended ? Mono.empty()
						: Mono.error(
								new ProviderUnavailable(this.name, "ended its stream before the answer's end", null))))
				.onErrorMap((ex) -> !(ex instanceof ProviderException),
						(ex) -> new ProviderUnavailable(this.name, ProviderHttp.describe(ex), ex));
		});
	}

	ObjectNode body(ChatRequest request) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", request.model());
		body.put("max_tokens", (request.maxOutputTokens() != null) ? request.maxOutputTokens() : this.defaultMaxTokens);
		StringBuilder system = new StringBuilder();
		ArrayNode messages = this.json.createArrayNode();
		for (Message message : request.messages()) {
			switch (message.role()) {
				case SYSTEM, DEVELOPER -> system.append(system.isEmpty() ? "" : "\n\n").append(message.text());
				case USER -> append(messages, "user", userBlocks(message));
				case ASSISTANT -> append(messages, "assistant", assistantBlocks(message));
				case TOOL -> append(messages, "user", toolResult(message));
			}
		}
		if (!system.isEmpty()) {
			body.put("system", system.toString());
		}
		body.set("messages", messages);
		body.put("stream", true);
		if (request.temperature() != null) {
			// OpenAI's range is 0 to 2, Anthropic's 0 to 1.
			body.put("temperature", Math.min(1.0, request.temperature()));
		}
		passThrough(this.json.valueToTree(request.passThrough()), body);
		return body;
	}

	private void passThrough(JsonNode extra, ObjectNode body) {
		if (extra.path("tools").isArray()) {
			ArrayNode tools = body.putArray("tools");
			for (JsonNode tool : extra.path("tools")) {
				JsonNode function = tool.path("function");
				ObjectNode translated = tools.addObject();
				translated.put("name", function.path("name").asString());
				if (function.path("description").isString()) {
					translated.put("description", function.path("description").asString());
				}
				translated.set("input_schema", function.path("parameters").isObject() ? function.path("parameters")
						: this.json.createObjectNode().put("type", "object"));
			}
		}
		ObjectNode choice = toolChoice(extra.path("tool_choice"));
		if (extra.path("parallel_tool_calls").isBoolean() && !extra.path("parallel_tool_calls").asBoolean()) {
			choice = (choice != null) ? choice : this.json.createObjectNode().put("type", "auto");
			choice.put("disable_parallel_tool_use", true);
		}
		if (choice != null) {
			body.set("tool_choice", choice);
		}
		JsonNode stop = extra.path("stop");
		if (stop.isString()) {
			body.putArray("stop_sequences").add(stop.asString());
		}
		else if (stop.isArray()) {
			body.set("stop_sequences", stop);
		}
		if (extra.path("top_p").isNumber()) {
			body.set("top_p", extra.path("top_p"));
		}
		if (extra.path("user").isString()) {
			body.putObject("metadata").put("user_id", extra.path("user").asString());
		}
	}

	private @Nullable ObjectNode toolChoice(JsonNode choice) {
		if (choice.isString()) {
			return switch (choice.asString()) {
				case "auto" -> this.json.createObjectNode().put("type", "auto");
				case "none" -> this.json.createObjectNode().put("type", "none");
				case "required" -> this.json.createObjectNode().put("type", "any");
				default -> throw rejected("cannot honour tool_choice '" + choice.asString() + "'");
			};
		}
		if (choice.path("function").path("name").isString()) {
			return this.json.createObjectNode()
				.put("type", "tool")
				.put("name", choice.path("function").path("name").asString());
		}
		return null;
	}

	private ArrayNode userBlocks(Message message) {
		ArrayNode blocks = this.json.createArrayNode();
		for (Message.Part part : message.content()) {
			switch (part) {
				case Message.Part.Text text -> blocks.addObject().put("type", "text").put("text", text.text());
				case Message.Part.Image image -> blocks.add(image(image.url()));
				case Message.Part.Other other ->
					throw rejected("cannot take a content part of type '" + other.type() + "'");
			}
		}
		return blocks;
	}

	private ObjectNode image(String url) {
		ObjectNode image = this.json.createObjectNode().put("type", "image");
		ObjectNode source = image.putObject("source");
		int comma = url.indexOf(',');
		if (url.startsWith("data:") && url.substring(0, Math.max(comma, 0)).endsWith(";base64")) {
			source.put("type", "base64")
				.put("media_type", url.substring("data:".length(), url.indexOf(';')))
				.put("data", url.substring(comma + 1));
		}
		else {
			source.put("type", "url").put("url", url);
		}
		return image;
	}

	private ArrayNode assistantBlocks(Message message) {
		ArrayNode blocks = this.json.createArrayNode();
		if (!message.text().isEmpty()) {
			blocks.addObject().put("type", "text").put("text", message.text());
		}
		for (ToolCall call : message.toolCalls()) {
			JsonNode input;
			try {
				input = this.json.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
			}
			catch (JacksonException ex) {
				throw rejected("has a tool call whose arguments are not JSON");
			}
			ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
			use.set("input", input.isObject() ? input : this.json.createObjectNode());
		}
		return blocks;
	}

	private ArrayNode toolResult(Message message) {
		ArrayNode blocks = this.json.createArrayNode();
		blocks.addObject()
			.put("type", "tool_result")
			.put("tool_use_id", (message.toolCallId() != null) ? message.toolCallId() : "")
			.put("content", message.text());
		return blocks;
	}

	/**
	 * Adds blocks as a message, or to the last message when it has the same role:
	 * Anthropic wants user and assistant turns to alternate.
	 */
	private void append(ArrayNode messages, String role, ArrayNode blocks) {
		if (blocks.isEmpty()) {
			return;
		}
		JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
		if (last != null && role.equals(last.path("role").asString())) {
			((ArrayNode) last.path("content")).addAll(blocks);
			return;
		}
		ObjectNode message = messages.addObject().put("role", role);
		message.set("content", blocks);
	}

	private ProviderRejectedRequest rejected(String why) {
		return new ProviderRejectedRequest(this.name, 400, "cannot be sent this request: it " + why);
	}

	private String errorMessage(String body) {
		try {
			JsonNode node = this.json.readTree(body);
			JsonNode error = node.path("error");
			return error.path("message").isString()
					? ProviderHttp
						.abbreviate(error.path("type").asString("error") + ": " + error.path("message").asString())
					: ProviderHttp.abbreviate(body);
		}
		catch (JacksonException ex) {
			return ProviderHttp.abbreviate(body);
		}
	}

	/** Anthropic's stop reasons in OpenAI's vocabulary. */
	static String finishReason(String stopReason) {
		return switch (stopReason) {
			case "max_tokens", "model_context_window_exceeded" -> "length";
			case "tool_use" -> "tool_calls";
			case "refusal" -> "content_filter";
			default -> "stop";
		};
	}

	/**
	 * What is known of one answer while its events arrive. Used by one subscription.
	 */
	private final class Answer {

		private long inputTokens;

		private long outputTokens;

		/** Anthropic numbers all content blocks, OpenAI only tool calls. */
		private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();

		private boolean ended;

		Mono<ProviderChunk> read(String data) {
			JsonNode event;
			try {
				event = AnthropicProvider.this.json.readTree(data);
			}
			catch (JacksonException ex) {
				return Mono
					.error(new ProviderUnavailable(AnthropicProvider.this.name, "sent an event that is not JSON", ex));
			}
			return switch (event.path("type").asString()) {
				case "message_start" -> {
					JsonNode usage = event.path("message").path("usage");
					this.inputTokens = usage.path("input_tokens").asLong()
							+ usage.path("cache_creation_input_tokens").asLong()
							+ usage.path("cache_read_input_tokens").asLong();
					this.outputTokens = usage.path("output_tokens").asLong();
					yield Mono.empty();
				}
				case "content_block_start" -> blockStart(event.path("index").asInt(), event.path("content_block"));
				case "content_block_delta" -> blockDelta(event.path("index").asInt(), event.path("delta"));
				case "message_delta" -> {
					JsonNode usage = event.path("usage");
					if (usage.path("output_tokens").isNumber()) {
						this.outputTokens = usage.path("output_tokens").asLong();
					}
					String stopReason = event.path("delta").path("stop_reason").asString(null);
					if (stopReason == null) {
						yield Mono.empty();
					}
					this.ended = true;
					yield Mono.just(new ProviderChunk("", finishReason(stopReason),
							new TokenUsage(this.inputTokens, this.outputTokens, false)));
				}
				case "message_stop" -> {
					this.ended = true;
					yield Mono.empty();
				}
				case "error" -> Mono.error(new ProviderUnavailable(AnthropicProvider.this.name,
						"failed mid-stream: " + errorMessage(data), null));
				// ping, content_block_stop, and event types added after this adapter
				default -> Mono.empty();
			};
		}

		private Mono<ProviderChunk> blockStart(int block, JsonNode content) {
			if ("tool_use".equals(content.path("type").asString())) {
				int index = this.toolIndexByBlock.size();
				this.toolIndexByBlock.put(block, index);
				return Mono.just(new ProviderChunk("", List
					.of(new ToolCallDelta(index, content.path("id").asString(), content.path("name").asString(), "")),
						null, null));
			}
			String text = content.path("text").asString("");
			return text.isEmpty() ? Mono.empty() : Mono.just(ProviderChunk.text(text));
		}

		private Mono<ProviderChunk> blockDelta(int block, JsonNode delta) {
			return switch (delta.path("type").asString()) {
				case "text_delta" -> Mono.just(ProviderChunk.text(delta.path("text").asString()));
				case "input_json_delta" -> {
					Integer index = this.toolIndexByBlock.get(block);
					String json = delta.path("partial_json").asString("");
					yield (index == null || json.isEmpty()) ? Mono.empty() : Mono
						.just(new ProviderChunk("", List.of(new ToolCallDelta(index, null, null, json)), null, null));
				}
				// thinking, signatures and citations have no place in OpenAI's shape
				default -> Mono.empty();
			};
		}

	}

}
