package banyan.llm.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation in the OpenAI shape, as {@code /v1} clients send it.
 * {@code content} is either a string or a list of content parts; every other field
 * ({@code tool_calls}, {@code tool_call_id}, {@code name}, ...) is kept in
 * {@link #extra()}. The pipeline reads it as a {@code banyan.llm.provider.Message}.
 */
public final class ChatMessage {

	@NotBlank
	@Pattern(regexp = "system|developer|user|assistant|tool",
			message = "must be one of system, developer, user, assistant, tool")
	private final String role;

	private final @Nullable Object content;

	private final Map<String, Object> extra = new LinkedHashMap<>();

	@JsonCreator
	public ChatMessage(@JsonProperty("role") String role, @JsonProperty("content") @Nullable Object content) {
		this.role = role;
		this.content = content;
	}

	@JsonProperty("role")
	public String role() {
		return this.role;
	}

	/** The content as it came: a string, a list of content parts, or {@code null}. */
	@JsonProperty("content")
	public @Nullable Object content() {
		return this.content;
	}

	@JsonAnyGetter
	public Map<String, Object> extra() {
		return this.extra;
	}

	@JsonAnySetter
	void extra(String name, Object value) {
		this.extra.put(name, value);
	}

}
