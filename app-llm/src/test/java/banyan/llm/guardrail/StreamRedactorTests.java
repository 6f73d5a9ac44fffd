package banyan.llm.guardrail;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redaction on a stream: whatever the split into deltas, the client gets exactly what
 * redacting the whole answer would give, and never a piece of a value.
 */
class StreamRedactorTests {

	static final String CANARY = "bnycanary-3f9a1c2e7d";

	final PersonalData detector = new PersonalData(CANARY);

	@ParameterizedTest
	@ValueSource(strings = { "Write to jane.doe+billing@example.co.uk for the invoice.",
			"Card 4111 1111 1111 1111 was charged.", "Card 4242-4242-4242-4242, exp 12/29.",
			"Pay to DE89 3704 0044 0532 0130 00 by Friday.", "IBAN GB82WEST12345698765432 is ours.",
			"Call +1 (555) 123-4567 or 020 7946 0958 today.",
			"The key sk-proj-abcdefghijklmnopqrstuvwxyz012345 leaked.", "Use AKIAIOSFODNN7EXAMPLE then.",
			"Marker " + CANARY + " must not leak.",
			"ghp_0123456789abcdefghijklmnopqrstuvwxyz and bk_live_0123456789abcdefghijklm." })
	void redactsTheSameWhereverTheDeltasSplit(String answer) {
		String whole = this.detector.redact(answer);
		assertThat(whole).contains("[redacted ");
		for (int split = 0; split <= answer.length(); split++) {
			assertThat(streamed(List.of(answer.substring(0, split), answer.substring(split)))).as("split at %d", split)
				.isEqualTo(whole);
		}
		for (int first = 0; first <= answer.length(); first += 3) {
			for (int second = first; second <= answer.length(); second += 2) {
				assertThat(streamed(
						List.of(answer.substring(0, first), answer.substring(first, second), answer.substring(second))))
					.isEqualTo(whole);
			}
		}
		List<String> characters = answer.chars().mapToObj((c) -> String.valueOf((char) c)).toList();
		assertThat(streamed(characters)).isEqualTo(whole);
	}

	@Test
	void neverEmitsAPieceOfAValueBeforeItIsKnown() {
		String answer = "My card is 4111 1111 1111 1111 and that's it.";
		StreamRedactor redactor = new StreamRedactor(this.detector, (kind) -> {
		});
		StringBuilder sent = new StringBuilder();
		for (char c : answer.toCharArray()) {
			sent.append(redactor.push(String.valueOf(c)));
			assertThat(sent.toString()).doesNotContain("4111").doesNotContain("411");
		}
		sent.append(redactor.flush());
		assertThat(sent.toString()).isEqualTo("My card is [redacted card] and that's it.");
	}

	@Test
	void leavesOrdinaryTextAloneAndHoldsBackLittle() {
		String answer = "Reset your password from the sign-in page, then wait 10 minutes. Version 2.4.1 of 2024-05-01.";
		assertThat(this.detector.redact(answer)).isEqualTo(answer);
		StreamRedactor redactor = new StreamRedactor(this.detector, (kind) -> {
		});
		assertThat(redactor.push("Reset your password from ")).isEqualTo("Reset your password from");
		assertThat(redactor.push("the sign-in page, then")).isEqualTo(" the sign-in page, ");
	}

	@Test
	void aPauseLetsGoOfAPlainWordButNotOfDigitsOrAnAddress() {
		StreamRedactor redactor = new StreamRedactor(this.detector, (kind) -> {
		});
		assertThat(redactor.holdsPlain()).isFalse();
		assertThat(redactor.push("Hello first")).isEqualTo("Hello ");
		assertThat(redactor.holdsPlain()).isTrue();
		assertThat(redactor.flushIfPlain()).isEqualTo("first");
		assertThat(redactor.holdsPlain()).isFalse();
		assertThat(redactor.push(", card 4111 1111")).isEqualTo(", card");
		assertThat(redactor.holdsPlain()).isFalse();
		assertThat(redactor.flushIfPlain()).isEmpty();
		assertThat(redactor.push(" 1111 1111 ok")).isEqualTo(" [redacted card] ");
		assertThat(redactor.push(" mail jane@exa")).isEqualTo("ok mail ");
		assertThat(redactor.flushIfPlain()).isEmpty();
		assertThat(redactor.push("mple.com")).isEmpty();
		assertThat(redactor.flush()).isEqualTo("[redacted email]");
	}

	@Test
	void checksCardsWithLuhnAndIbansWithMod97() {
		assertThat(this.detector.redact("Order 4111 1111 1111 1112 shipped.")).doesNotContain("[redacted card]");
		assertThat(this.detector.redact("Ref DE00 3704 0044 0532 0130 00.")).doesNotContain("[redacted iban]");
	}

	private String streamed(List<String> deltas) {
		List<String> kinds = new ArrayList<>();
		StreamRedactor redactor = new StreamRedactor(this.detector, kinds::add);
		StringBuilder sent = new StringBuilder();
		for (String delta : deltas) {
			sent.append(redactor.push(delta));
		}
		return sent.append(redactor.flush()).toString();
	}

}
