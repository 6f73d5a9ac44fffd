package banyan.llm.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import banyan.llm.provider.TokenCounter;

/**
 * Cuts a text into chunks by its structure: sections at Markdown headings, then
 * paragraphs, packed to about {@code size} tokens; a paragraph too long on its own is cut
 * at sentences. Each chunk after the first in a section repeats about {@code overlap}
 * tokens of the end of the one before, and starts with its section's heading, so a chunk
 * read alone still says what it is about.
 */
final class Chunker {

	private static final Pattern HEADING = Pattern.compile("(?m)^(?=#{1,6} )");

	private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");

	private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+");

	private final TokenCounter tokens;

	private final int size;

	private final int overlap;

	Chunker(TokenCounter tokens, int size, int overlap) {
		this.tokens = tokens;
		this.size = size;
		this.overlap = overlap;
	}

	/** The chunks of a document with this title and text, in order; at least one. */
	List<String> chunks(String title, String text) {
		List<String> chunks = new ArrayList<>();
		for (String section : HEADING.split(text.strip())) {
			if (section.isBlank()) {
				continue;
			}
			String heading = title;
			String body = section.strip();
			if (body.startsWith("#")) {
				int end = body.indexOf('\n');
				String line = (end < 0) ? body : body.substring(0, end);
				heading = title + " — " + line.replaceFirst("^#+\\s*", "").strip();
				body = (end < 0) ? "" : body.substring(end + 1).strip();
			}
			chunks.addAll(pack(heading, pieces(body)));
		}
		if (chunks.isEmpty()) {
			chunks.add(title);
		}
		return chunks;
	}

	private List<String> pieces(String body) {
		List<String> pieces = new ArrayList<>();
		for (String paragraph : PARAGRAPHS.split(body)) {
			String clean = paragraph.strip();
			if (clean.isEmpty()) {
				continue;
			}
			if (this.tokens.count(clean) <= this.size) {
				pieces.add(clean);
			}
			else {
				for (String sentence : SENTENCES.split(clean)) {
					pieces.add(sentence.strip());
				}
			}
		}
		return pieces;
	}

	private List<String> pack(String heading, List<String> pieces) {
		List<String> chunks = new ArrayList<>();
		List<String> current = new ArrayList<>();
		int used = 0;
		for (String piece : pieces) {
			int cost = this.tokens.count(piece);
			if (!current.isEmpty() && used + cost > this.size) {
				chunks.add(heading + "\n\n" + String.join("\n\n", current));
				List<String> carried = tail(current);
				current = new ArrayList<>(carried);
				used = carried.stream().mapToInt(this.tokens::count).sum();
			}
			current.add(piece);
			used += cost;
		}
		if (!current.isEmpty() || chunks.isEmpty()) {
			chunks.add(current.isEmpty() ? heading : heading + "\n\n" + String.join("\n\n", current));
		}
		return chunks;
	}

	/** The last pieces (or sentences of the last piece) worth about the overlap. */
	private List<String> tail(List<String> pieces) {
		List<String> sentences = new ArrayList<>();
		for (String piece : pieces) {
			for (String sentence : SENTENCES.split(piece)) {
				sentences.add(sentence);
			}
		}
		List<String> carried = new ArrayList<>();
		int used = 0;
		for (int i = sentences.size() - 1; i >= 0; i--) {
			int cost = this.tokens.count(sentences.get(i));
			if (used + cost > this.overlap) {
				break;
			}
			carried.addFirst(sentences.get(i));
			used += cost;
		}
		return carried.isEmpty() ? List.of() : List.of(String.join(" ", carried));
	}

}
