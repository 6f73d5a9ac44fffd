package banyan.llm.chat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.provider.ToolCall;

/**
 * The tool calls of one answer, put together from the pieces OpenAI streams them in: the
 * first piece of a call carries its id and name, the following ones more of its
 * arguments; pieces with the same index belong to the same call. Not thread-safe.
 */
final class ToolCalls {

	private final SortedMap<Integer, Call> calls = new TreeMap<>();

	void add(StreamEvent.ToolCallDelta piece) {
		this.calls.computeIfAbsent(piece.index(), (index) -> new Call()).add(piece);
	}

	boolean isEmpty() {
		return this.calls.isEmpty();
	}

	/** The calls so far, in the order of their indexes. */
	List<ToolCall> calls() {
		return this.calls.values().stream().map(Call::toolCall).toList();
	}

	/** The names and arguments so far, one after the other, for counting tokens. */
	String text() {
		StringBuilder text = new StringBuilder();
		this.calls.values().forEach((call) -> text.append(call.name).append(call.arguments));
		return text.toString();
	}

	private static final class Call {

		private String id = "";

		private String name = "";

		private final StringBuilder arguments = new StringBuilder();

		void add(StreamEvent.ToolCallDelta piece) {
			if (piece.id() != null && !piece.id().isEmpty()) {
				this.id = piece.id();
			}
			if (piece.name() != null && !piece.name().isEmpty()) {
				this.name = piece.name();
			}
			if (piece.arguments() != null) {
				this.arguments.append(piece.arguments());
			}
		}

		ToolCall toolCall() {
			return new ToolCall(this.id, this.name, this.arguments.toString());
		}

	}

}
