package banyan.llm.chat.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import banyan.llm.openai.ChatMessage;
import banyan.llm.provider.Message;
import banyan.llm.provider.ToolCall;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's messages as the pipeline's {@link Message}s, at the edge of {@code /v1}:
 * content as a string or parts ({@code text}, {@code image_url}; other parts kept as they
 * came), an assistant's {@code tool_calls}, a tool message's {@code tool_call_id}, and
 * every other field passed through.
 */
final class OpenAiMessages {

	private OpenAiMessages() {
	}

	static List<Message> of(List<ChatMessage> messages) {
		List<Message> converted = new ArrayList<>(messages.size());
		for (ChatMessage message : messages) {
			converted.add(of(message));
		}
		return converted;
	}

	static Message of(ChatMessage message) {
		Map<String, Object> passThrough = new LinkedHashMap<>(message.extra());
		Object calls = passThrough.remove("tool_calls");
		Object callId = passThrough.remove("tool_call_id");
		return new Message(Message.Role.of(message.role()), content(message.content()), toolCalls(calls),
				(callId != null) ? callId.toString() : null, passThrough);
	}

	private static List<Message.Part> content(@Nullable Object content) {
		if (content instanceof String text) {
			return List.of(new Message.Part.Text(text));
		}
		if (!(content instanceof List<?> parts)) {
			return List.of();
		}
		List<Message.Part> converted = new ArrayList<>(parts.size());
		for (Object part : parts) {
			if (part instanceof Map<?, ?> map) {
				converted.add(part(map));
			}
		}
		return converted;
	}

	private static Message.Part part(Map<?, ?> part) {
		Object type = part.get("type");
		if ("text".equals(type) && part.get("text") instanceof String text) {
			return new Message.Part.Text(text);
		}
		if ("image_url".equals(type)) {
			Object image = part.get("image_url");
			if (image instanceof String url) {
				return new Message.Part.Image(url, null);
			}
			if (image instanceof Map<?, ?> fields && fields.get("url") instanceof String url) {
				return new Message.Part.Image(url, (fields.get("detail") instanceof String detail) ? detail : null);
			}
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		part.forEach((name, value) -> fields.put(String.valueOf(name), value));
		return new Message.Part.Other(String.valueOf(type), fields);
	}

	private static List<ToolCall> toolCalls(@Nullable Object calls) {
		if (!(calls instanceof List<?> list)) {
			return List.of();
		}
		List<ToolCall> converted = new ArrayList<>(list.size());
		for (Object call : list) {
			if (call instanceof Map<?, ?> map) {
				Map<?, ?> function = (map.get("function") instanceof Map<?, ?> f) ? f : Map.of();
				converted.add(new ToolCall(string(map.get("id")), string(function.get("name")),
						string(function.get("arguments"))));
			}
		}
		return converted;
	}

	private static String string(@Nullable Object value) {
		return (value != null) ? value.toString() : "";
	}

}
