package banyan.llm.guardrail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in text: e-mail addresses, phone numbers, card numbers
 * that pass Luhn, IBANs that pass their mod-97 check, API keys of well-known shapes, and
 * the system-prompt canary. Every match is at most {@link #LONGEST} characters, which is
 * what lets {@link StreamRedactor} decide with a bounded hold-back.
 */
final class PersonalData {

	/** No match is longer. */
	static final int LONGEST = 96;

	/** The shortest key shape: {@code xoxb-} and ten characters. */
	static final int SHORTEST_SECRET = 15;

	/** A phone number has at least this many digits; a card has more. */
	static final int FEWEST_PHONE_DIGITS = 9;

	private static final Pattern EMAIL = Pattern.compile(
			"(?<![\\w.%+-])[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9-]{1,30}(?:\\.[A-Za-z0-9-]{1,20}){0,3}\\.[A-Za-z]{2,10}(?![\\w-])");

	private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d])");

	private static final Pattern IBAN = Pattern
		.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");

	private static final Pattern PHONE = Pattern.compile(
			"(?<![\\w+-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){2,4}(?![\\w-])");

	private static final Pattern SECRET = Pattern.compile("(?<![\\w-])(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,80}"
			+ "|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,60}|AIza[0-9A-Za-z_-]{35}"
			+ "|bk_[A-Za-z0-9_-]{20,60}|glpat-[A-Za-z0-9_-]{20})(?![\\w-])");

	private final String canary;

	PersonalData(String canary) {
		this.canary = canary;
	}

	/** A value found: where it is and what it is. */
	record Found(int start, int end, String kind) {
	}

	/** The values in {@code text}, in order, none overlapping. */
	List<Found> find(CharSequence text) {
		return find(text, Candidates.in(text));
	}

	/**
	 * The values in {@code text}, looking only for the kinds {@code candidates} allows.
	 */
	List<Found> find(CharSequence text, Candidates candidates) {
		List<Found> found = new ArrayList<>();
		if (candidates.secret()) {
			collect(found, text, SECRET, "secret");
		}
		if (candidates.email()) {
			collect(found, text, EMAIL, "email");
		}
		if (candidates.iban()) {
			collect(found, text, IBAN, "iban");
		}
		if (candidates.number()) {
			collect(found, text, CARD, "card");
			collect(found, text, PHONE, "phone");
		}
		if (!this.canary.isEmpty()) {
			for (int at = indexOf(text, this.canary, 0); at >= 0; at = indexOf(text, this.canary, at + 1)) {
				found.add(new Found(at, at + this.canary.length(), "canary"));
			}
		}
		found.sort(Comparator.comparingInt(Found::start).thenComparing(Comparator.comparingInt(Found::end).reversed()));
		List<Found> kept = new ArrayList<>();
		int end = -1;
		for (Found value : found) {
			if (value.start() >= end) {
				kept.add(value);
				end = value.end();
			}
		}
		return kept;
	}

	/**
	 * Which kinds of value a text could hold, from one pass over its characters: what
	 * every match of each pattern needs. Most text of an answer, scanned again with each
	 * delta, needs none of the patterns run.
	 *
	 * @param secret a run of at least {@value #SHORTEST_SECRET} key characters (letters,
	 * digits, {@code _} and {@code -}), as every key shape is
	 * @param email an {@code @}
	 * @param iban two capital letters followed by two digits
	 * @param number a run of digits and the signs a card or phone number is written with
	 * holding at least {@value #FEWEST_PHONE_DIGITS} digits, as a phone number (and a
	 * card) that counts has
	 */
	record Candidates(boolean secret, boolean email, boolean iban, boolean number) {

		/** Every pattern is run. */
		static final Candidates ALL = new Candidates(true, true, true, true);

		static Candidates in(CharSequence text) {
			boolean email = false;
			boolean iban = false;
			int keyRun = 0;
			int longestKeyRun = 0;
			int numberDigits = 0;
			int mostNumberDigits = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				boolean digit = isDigit(c);
				email |= c == '@';
				iban |= digit && i >= 3 && isDigit(text.charAt(i - 1)) && isCapital(text.charAt(i - 2))
						&& isCapital(text.charAt(i - 3));
				keyRun = (digit || (c >= 'a' && c <= 'z') || isCapital(c) || c == '_' || c == '-') ? keyRun + 1 : 0;
				longestKeyRun = Math.max(longestKeyRun, keyRun);
				if (digit) {
					numberDigits++;
				}
				else if (" ()+.-".indexOf(c) < 0) {
					numberDigits = 0;
				}
				mostNumberDigits = Math.max(mostNumberDigits, numberDigits);
			}
			return new Candidates(longestKeyRun >= SHORTEST_SECRET, email, iban,
					mostNumberDigits >= FEWEST_PHONE_DIGITS);
		}

		private static boolean isDigit(char c) {
			return c >= '0' && c <= '9';
		}

		private static boolean isCapital(char c) {
			return c >= 'A' && c <= 'Z';
		}

	}

	/** The text with every value replaced by {@code [redacted <kind>]}. */
	String redact(CharSequence text) {
		return redact(text, find(text));
	}

	static String redact(CharSequence text, List<Found> found) {
		StringBuilder redacted = new StringBuilder(text.length());
		int at = 0;
		for (Found value : found) {
			redacted.append(text, at, value.start()).append("[redacted ").append(value.kind()).append(']');
			at = value.end();
		}
		return redacted.append(text, at, text.length()).toString();
	}

	private static void collect(List<Found> found, CharSequence text, Pattern pattern, String kind) {
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			String value = matcher.group();
			if (valid(kind, value)) {
				found.add(new Found(matcher.start(), matcher.end(), kind));
			}
		}
	}

	private static boolean valid(String kind, String value) {
		return switch (kind) {
			case "card" -> luhn(digits(value));
			case "iban" -> iban(value.replace(" ", ""));
			case "phone" -> {
				int digits = digits(value).length();
				// A date or a year range has separators too, but fewer digits.
				yield digits >= FEWEST_PHONE_DIGITS && digits <= 15 && !luhnCardLength(value);
			}
			default -> true;
		};
	}

	private static boolean luhnCardLength(String value) {
		String digits = digits(value);
		return digits.length() >= 13 && luhn(digits);
	}

	static boolean luhn(String digits) {
		if (digits.length() < 13 || digits.length() > 19) {
			return false;
		}
		int sum = 0;
		boolean twice = false;
		for (int i = digits.length() - 1; i >= 0; i--) {
			int digit = digits.charAt(i) - '0';
			if (twice) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			twice = !twice;
		}
		return sum % 10 == 0;
	}

	static boolean iban(String iban) {
		if (iban.length() < 15 || iban.length() > 34) {
			return false;
		}
		String rearranged = iban.substring(4) + iban.substring(0, 4);
		StringBuilder number = new StringBuilder();
		for (char character : rearranged.toCharArray()) {
			number.append(
					Character.isDigit(character) ? String.valueOf(character) : String.valueOf(character - 'A' + 10));
		}
		return new BigInteger(number.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
	}

	private static String digits(String value) {
		StringBuilder digits = new StringBuilder();
		for (char character : value.toCharArray()) {
			if (Character.isDigit(character)) {
				digits.append(character);
			}
		}
		return digits.toString();
	}

	private static int indexOf(CharSequence text, String needle, int from) {
		return text.toString().indexOf(needle, from);
	}

}
