package banyan.llm.guardrail;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.text.Normalizer;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules half of prompt-injection screening: patterns for instruction override, role
 * play, prompt exfiltration, encoding tricks and instructions addressed to an AI inside
 * content, matched on a normalized text (compatibility forms folded, invisible characters
 * removed, lower case, leetspeak undone, letters spaced apart joined), and again on what
 * base64 blocks and rot13 decode to.
 */
final class InjectionRules {

	private static final Pattern INVISIBLE = Pattern
		.compile("[\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\uFEFF]");

	private static final Pattern SPACED = Pattern.compile("\\b(?:\\p{L}[ .\\-_*]){4,}\\p{L}\\b");

	private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{24,}={0,2}");

	private record Rule(String reason, Pattern pattern) {
	}

	private static final List<Rule> RULES = List.of(rule("override",
			"\\b(ignore|disregard|forget|override|bypass|set aside|throw away|discard|abandon|cancel)\\b"
					+ "[^.\\n]{0,40}\\b(previous|prior|above|earlier|preceding|all|your|system|initial|original|whatever)\\b"
					+ "[^.\\n]{0,40}\\b(instructions?|prompts?|rules|directions|guidelines|guidance|directives|policies"
					+ "|policy|constraints|programming|orders)\\b"),
			rule("override",
					"\\b(instructions?|rules|guidance|directives|guidelines|programming"
							+ "|what (the operator|your developers?|they) told you)\\b[^.\\n]{0,40}"
							+ "\\b(no longer (count|apply|matter)s?|(are|is) (cancelled|void|obsolete|revoked))"),
			rule("override",
					"\\b(only (obey|listen to|follow) me|(obey|listen to|follow) only me|listen only to me"
							+ "|your only (job|task|goal) (now )?is to obey)\\b"),
			rule("override", "\\bnew (instructions|rules|directives)\\s*:"),
			rule("override",
					"\\bfrom now on,? you (will|must|shall|are going to)\\b[^.\\n]{0,60}"
							+ "\\b(ignore|never refuse|comply|obey|no (rules|restrictions|limits))"),
			rule("roleplay", "\\b(do anything now|developer mode|jailbr[eo]a?k|dan mode|god mode)\\b"),
			rule("roleplay",
					"\\b(you are|you're|act as|pretend (to be|you are)|role ?play as|play the role of|simulate"
							+ "|imagine you are)\\b[^.\\n]{0,60}\\b(unrestricted|unfiltered|uncensored|evil|jailbroken"
							+ "|no (ethical )?(rules|restrictions|limits|filters|guidelines)"
							+ "|without (any )?(rules|restrictions|limits|filters|guidelines|ethics))\\b"),
			rule("roleplay", "\\b(unchained|unshackled|freed from|liberated from|released from)\\b[^.\\n]{0,40}"
					+ "\\b(limits|limitations|rules|restrictions|guidelines|filters)\\b|\\bnothing is off limits\\b"),
			rule("exfiltration", "\\b(reveal|show|print|repeat|output|tell me|display|leak|dump|recite"
					+ "|what (is|are|was|were))\\b[^.\\n]{0,40}\\b(system prompt|system message|hidden (instructions|prompt)"
					+ "|initial (instructions|prompt)|your (instructions|prompt|rules)|the prompt above|everything above)\\b"),
			rule("exfiltration",
					"\\b(paste|quote|copy|reproduce|recite|print|repeat)\\b[^\\n]{0,60}"
							+ "\\b(instructions|prompt|setup message|system message|configuration)\\b[^.\\n]{0,30}"
							+ "\\b(you (received|were given|got)|before my message|at the start)"),
			rule("exfiltration", "\\bwhat were you told\\b[^.\\n]{0,40}\\b(setup|system|initial|first)\\b"),
			rule("encoding", "\\b(base ?64|rot ?13|hex(adecimal)?|morse|reversed?|caesar)\\b[^.\\n]{0,60}"
					+ "\\b(follow|execute|obey|do what it (says|tells you)|carry out|run|perform|instructions?)\\b"),
			rule("encoding",
					"\\b(decode|decipher|decrypt|reverse)\\b[^.\\n]{0,40}\\b(and|then)\\b[^.\\n]{0,20}"
							+ "\\b(follow|execute|obey|do|run|perform)\\b"),
			rule("hidden",
					"\\b(note|instructions?|message|attention)\\s+(to|for)\\s+(the\\s+|any\\s+)?"
							+ "(ai|assistant|model|llm|chatbot|bot|agent)s?\\b"),
			rule("hidden", "\\b(if|when|while) (you are|you're|an?|the|any) (ai|assistant|language model|model|llm"
					+ "|chatbot|agent)s?\\b[^.\\n]{0,40}\\b(read|reading|process|processing|summari[sz]e|summari[sz]ing"
					+ "|see|retrieve[sd]?)\\b"),
			rule("hidden", "\\b(to any|dear) (ai|assistant|model|llm|agent|chatbot|language model)s?\\b"),
			rule("hidden", "<\\s*/?\\s*(system|instructions?|im_start|im_end|assistant)\\s*>"
					+ "|\\[\\s*/?\\s*(system|inst)\\s*\\]"));

	private InjectionRules() {
	}

	private static Rule rule(String reason, String pattern) {
		return new Rule(reason, Pattern.compile(pattern));
	}

	/** The reason code of the first rule the text breaks, if any. */
	static Optional<String> check(String text) {
		String normal = normalize(text);
		Optional<String> found = match(normal);
		if (found.isPresent()) {
			return found;
		}
		Matcher blocks = BASE64.matcher(text);
		while (blocks.find()) {
			Optional<String> decoded = decodeBase64(blocks.group()).flatMap((plain) -> match(normalize(plain)));
			if (decoded.isPresent()) {
				return Optional.of("encoding");
			}
		}
		if (text.toLowerCase(Locale.ROOT).matches("(?s).*\\brot[ -]?13\\b.*")) {
			if (match(normalize(rot13(text))).isPresent()) {
				return Optional.of("encoding");
			}
		}
		return Optional.empty();
	}

	/** The text as the rules see it. */
	static String normalize(String text) {
		String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
		folded = INVISIBLE.matcher(folded).replaceAll("").toLowerCase(Locale.ROOT);
		StringBuilder plain = new StringBuilder(folded.length());
		for (int i = 0; i < folded.length(); i++) {
			char c = folded.charAt(i);
			boolean inWord = (i > 0 && Character.isLetter(folded.charAt(i - 1)))
					|| (i + 1 < folded.length() && Character.isLetter(folded.charAt(i + 1)));
			plain.append(inWord ? unleet(c) : c);
		}
		Matcher spaced = SPACED.matcher(plain);
		StringBuilder joined = new StringBuilder();
		while (spaced.find()) {
			spaced.appendReplacement(joined, Matcher.quoteReplacement(spaced.group().replaceAll("[ .\\-_*]", "")));
		}
		spaced.appendTail(joined);
		return joined.toString().replaceAll("\\s+", " ");
	}

	private static char unleet(char c) {
		return switch (c) {
			case '0' -> 'o';
			case '1', '!' -> 'i';
			case '3' -> 'e';
			case '4', '@' -> 'a';
			case '5', '$' -> 's';
			case '7' -> 't';
			default -> c;
		};
	}

	private static Optional<String> match(String normal) {
		for (Rule rule : RULES) {
			if (rule.pattern().matcher(normal).find()) {
				return Optional.of(rule.reason());
			}
		}
		return Optional.empty();
	}

	private static Optional<String> decodeBase64(String block) {
		try {
			byte[] bytes = Base64.getDecoder().decode(block);
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			return Optional.of(text);
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			return Optional.empty();
		}
	}

	private static String rot13(String text) {
		StringBuilder rotated = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c >= 'a' && c <= 'z') {
				rotated.append((char) ('a' + (c - 'a' + 13) % 26));
			}
			else if (c >= 'A' && c <= 'Z') {
				rotated.append((char) ('A' + (c - 'A' + 13) % 26));
			}
			else {
				rotated.append(c);
			}
		}
		return rotated.toString();
	}

}
