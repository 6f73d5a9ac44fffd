package banyan.llm.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/chat/completions}. Fields Banyan does not interpret are
 * kept in {@link #extra()} so they reach OpenAI-compatible upstreams unchanged.
 */
public final class ChatCompletionRequest {

	@NotBlank
	private final String model;

	@NotEmpty
	@Size(max = 1_000)
	private final List<@Valid ChatMessage> messages;

	private final boolean stream;

	private final @Nullable StreamOptions streamOptions;

	@Positive
	private final @Nullable Integer maxTokens;

	@Positive
	private final @Nullable Integer maxCompletionTokens;

	private final @Nullable Double temperature;

	private final Map<String, Object> extra = new LinkedHashMap<>();

	ChatCompletionRequest(@JsonProperty("model") String model, @JsonProperty("messages") List<ChatMessage> messages,
			@JsonProperty("stream") @Nullable Boolean stream,
			@JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
			@JsonProperty("max_tokens") @Nullable Integer maxTokens,
			@JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens,
			@JsonProperty("temperature") @Nullable Double temperature) {
		this.model = model;
		this.messages = (messages != null) ? messages : List.of();
		this.stream = Boolean.TRUE.equals(stream);
		this.streamOptions = streamOptions;
		this.maxTokens = maxTokens;
		this.maxCompletionTokens = maxCompletionTokens;
		this.temperature = temperature;
	}

	public String model() {
		return this.model;
	}

	public List<ChatMessage> messages() {
		return this.messages;
	}

	public boolean stream() {
		return this.stream;
	}

	/** Whether a streamed answer ends with a chunk that carries the token usage. */
	public boolean includeUsage() {
		return this.streamOptions != null && Boolean.TRUE.equals(this.streamOptions.includeUsage());
	}

	/**
	 * {@code max_completion_tokens}, or the older {@code max_tokens}; {@code null} when
	 * neither.
	 */
	public @Nullable Integer maxOutputTokens() {
		return (this.maxCompletionTokens != null) ? this.maxCompletionTokens : this.maxTokens;
	}

	public @Nullable Double temperature() {
		return this.temperature;
	}

	/** The fields Banyan does not interpret, in the order they came. */
	@JsonAnyGetter
	public Map<String, Object> extra() {
		return this.extra;
	}

	@JsonAnySetter
	void extra(String name, Object value) {
		this.extra.put(name, value);
	}

	/**
	 * {@code stream_options}.
	 *
	 * @param includeUsage whether to send a final chunk with the usage
	 */
	public record StreamOptions(@JsonProperty("include_usage") @Nullable Boolean includeUsage) {
	}

}
