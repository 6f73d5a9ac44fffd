package banyan.llm.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation as the pipeline and the providers see it, whatever API it
 * came in by. Each protocol translates its own wire shape to and from this at its edge.
 *
 * @param role who speaks
 * @param content what is said, in parts; empty for an assistant turn of tool calls only
 * @param toolCalls the tools an assistant turn calls; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the call it answers; {@code null}
 * otherwise
 * @param passThrough fields of the message Banyan does not interpret ({@code name}, ...),
 * in their order, sent unchanged to providers that understand them; values may be
 * {@code null}
 */
public record Message(Role role, List<Part> content, List<ToolCall> toolCalls, @Nullable String toolCallId,
		Map<String, Object> passThrough) {

	public Message {
		content = List.copyOf(content);
		toolCalls = List.copyOf(toolCalls);
		passThrough = Collections.unmodifiableMap(new LinkedHashMap<>(passThrough));
	}

	/** A message of plain text. */
	public static Message of(Role role, String text) {
		return new Message(role, List.of(new Part.Text(text)), List.of(), null, Map.of());
	}

	/** An assistant turn that calls tools. */
	public static Message calling(List<ToolCall> calls) {
		return new Message(Role.ASSISTANT, List.of(), calls, null, Map.of());
	}

	/** A tool's result, answering the call {@code callId}. */
	public static Message toolResult(String callId, String output) {
		return new Message(Role.TOOL, List.of(new Part.Text(output)), List.of(), callId, Map.of());
	}

	/** The text of every text part, joined. */
	public String text() {
		if (this.content.size() == 1 && this.content.getFirst() instanceof Part.Text text) {
			return text.text();
		}
		StringBuilder text = new StringBuilder();
		for (Part part : this.content) {
			if (part instanceof Part.Text piece) {
				text.append(piece.text());
			}
		}
		return text.toString();
	}

	/** Who speaks in a message. */
	public enum Role {

		SYSTEM("system"), DEVELOPER("developer"), USER("user"), ASSISTANT("assistant"), TOOL("tool");

		private final String value;

		Role(String value) {
			this.value = value;
		}

		/** The role as OpenAI's API writes it. */
		public String value() {
			return this.value;
		}

		/**
		 * The role OpenAI's API writes as {@code value}.
		 * @throws IllegalArgumentException if there is none
		 */
		public static Role of(String value) {
			for (Role role : values()) {
				if (role.value.equals(value)) {
					return role;
				}
			}
			throw new IllegalArgumentException("No role '" + value + "'");
		}

		/** Whether the role speaks for the deployment (system or developer). */
		public boolean instructs() {
			return this == SYSTEM || this == DEVELOPER;
		}

	}

	/** One part of a message's content. */
	public sealed interface Part {

		/**
		 * Text.
		 *
		 * @param text the text
		 */
		record Text(String text) implements Part {
		}

		/**
		 * An image, by URL (a {@code data:} URL for inline bytes).
		 *
		 * @param url where the image is, or its bytes as a {@code data:} URL
		 * @param detail the detail the model should look at it in, or {@code null}
		 */
		record Image(String url, @Nullable String detail) implements Part {
		}

		/**
		 * A part of a kind Banyan does not interpret, kept as it came for providers that
		 * understand it.
		 *
		 * @param type the part's {@code type}
		 * @param fields the whole part as it came
		 */
		record Other(String type, Map<String, Object> fields) implements Part {

			public Other {
				fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
			}

		}

	}

}
