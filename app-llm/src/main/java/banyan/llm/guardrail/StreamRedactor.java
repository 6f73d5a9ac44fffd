package banyan.llm.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Redacts {@link PersonalData} from text that arrives in pieces, emitting as much as is
 * safe at once and holding back only a suffix that could still be the start of a value:
 * the trailing run of characters a value could be made of (an e-mail or a key's word
 * characters; the digits, spaces and signs of a card or phone number; an IBAN's capitals,
 * digits and spaces), never more than {@link PersonalData#LONGEST} characters. Every
 * value is made only of the characters of its run, so a value that could still grow is
 * always held back entirely, and what is emitted is exactly what redacting the whole text
 * at once would give, wherever the pieces were split. When the stream pauses, held text
 * without digits or {@code @} may be let go ({@link #flushIfPlain}). Used by one stream
 * at a time.
 */
final class StreamRedactor {

	private final PersonalData detector;

	private final Consumer<String> onRedacted;

	/** Text received and not emitted yet. */
	private final StringBuilder pending = new StringBuilder();

	/** The last characters emitted (as received), for the look-behind of the patterns. */
	private String context = "";

	/**
	 * @param detector what to find
	 * @param onRedacted told the kind of every value redacted
	 */
	StreamRedactor(PersonalData detector, Consumer<String> onRedacted) {
		this.detector = detector;
		this.onRedacted = onRedacted;
	}

	/** Takes the next piece; returns what may be sent now (possibly empty). */
	String push(String text) {
		this.pending.append(text);
		return emit(false);
	}

	/** Everything still held, redacted: the stream is over. */
	String flush() {
		return emit(true);
	}

	/**
	 * What is held, when the stream has paused and the held text has neither digits nor
	 * an {@code @} (so it is not part of a number, and not yet visibly an address or a
	 * key); empty otherwise, and the text stays held.
	 */
	String flushIfPlain() {
		return holdsPlain() ? emit(true) : "";
	}

	/**
	 * Whether text is held that a pause would let go ({@link #flushIfPlain}): some, and
	 * without digits or {@code @}.
	 */
	boolean holdsPlain() {
		if (this.pending.isEmpty()) {
			return false;
		}
		for (int i = 0; i < this.pending.length(); i++) {
			char c = this.pending.charAt(i);
			if ((c >= '0' && c <= '9') || c == '@') {
				return false;
			}
		}
		return true;
	}

	private String emit(boolean all) {
		String scan = this.context + this.pending;
		int offset = this.context.length();
		List<PersonalData.Found> found = this.detector.find(scan);
		int cut = all ? scan.length() : Math.max(offset, holdFrom(scan));
		List<PersonalData.Found> emitted = new ArrayList<>();
		for (PersonalData.Found value : found) {
			if (value.end() <= offset) {
				continue;
			}
			// Begun in what was already sent (not expected): redact what is left of it.
			int start = Math.max(value.start(), offset);
			if (start < cut && value.end() > cut) {
				cut = start;
			}
		}
		for (PersonalData.Found value : found) {
			int start = Math.max(value.start(), offset);
			if (value.end() > offset && value.end() <= cut) {
				emitted.add(new PersonalData.Found(start - offset, value.end() - offset, value.kind()));
				this.onRedacted.accept(value.kind());
			}
		}
		String raw = scan.substring(offset, cut);
		String text = PersonalData.redact(raw, emitted);
		String sent = scan.substring(0, cut);
		this.context = sent.substring(Math.max(0, sent.length() - PersonalData.LONGEST));
		this.pending.setLength(0);
		this.pending.append(scan, cut, scan.length());
		return text;
	}

	/** Where the suffix that could still be the start of a value begins. */
	private static int holdFrom(String text) {
		int end = text.length();
		int hold = Math.min(run(text, end, StreamRedactor::wordish), run(text, end, StreamRedactor::numberish));
		hold = Math.min(hold, run(text, end, StreamRedactor::ibanish));
		return Math.max(hold, end - PersonalData.LONGEST);
	}

	private static int run(String text, int end, CharClass kind) {
		int start = end;
		while (start > 0 && kind.contains(text.charAt(start - 1))) {
			start--;
		}
		return start;
	}

	private static boolean wordish(char c) {
		return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '@';
	}

	private static boolean numberish(char c) {
		return (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == '+' || c == '.' || c == '-';
	}

	private static boolean ibanish(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
	}

	private static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	@FunctionalInterface
	private interface CharClass {

		boolean contains(char c);

	}

}
