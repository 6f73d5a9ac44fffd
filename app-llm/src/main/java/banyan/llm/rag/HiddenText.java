package banyan.llm.rag;

import java.util.regex.Pattern;

/**
 * Removes text a reader does not see but a model would: zero-width and bidirectional
 * control characters, with which instructions can be hidden inside ordinary words.
 */
final class HiddenText {

	private static final Pattern INVISIBLE = Pattern
		.compile("[\\u00AD\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]");

	private HiddenText() {
	}

	/** Plain or Markdown text without invisible characters. */
	static String strip(String text) {
		return INVISIBLE.matcher(text).replaceAll("");
	}

}
