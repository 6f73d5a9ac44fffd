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
 * One message of a conversation in the OpenAI shape. {@code content} is either a string
 * or a list of content parts; fields Banyan does not interpret ({@code name},
 * {@code tool_calls}, ...) are kept in {@link #extra()}.
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

	public static ChatMessage of(String role, String content) {
		return new ChatMessage(role, content);
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

	/**
	 * The text of the content: the string, or the {@code text} of every text part joined.
	 */
	public String text() {
		if (this.content instanceof String text) {
			return text;
		}
		if (this.content instanceof List<?> parts) {
			StringBuilder text = new StringBuilder();
			for (Object part : parts) {
				if (part instanceof Map<?, ?> map && "text".equals(map.get("type"))
						&& map.get("text") instanceof String s) {
					text.append(s);
				}
			}
			return text.toString();
		}
		return "";
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
