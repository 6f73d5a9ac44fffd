package banyan.llm.guardrail;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut that skips patterns a text cannot match finds exactly what running every
 * pattern finds, on text made of pieces of real values, near misses and prose.
 */
class PersonalDataPropertyTests {

	final PersonalData detector = new PersonalData(StreamRedactorTests.CANARY);

	@Provide
	Arbitrary<String> texts() {
		Arbitrary<String> piece = Arbitraries.oneOf(
				Arbitraries.of("jane.doe+billing@example.co.uk", "4111 1111 1111 1111", "4242-4242-4242-4242",
						"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "+1 (555) 123-4567", "020 7946 0958",
						"sk-proj-abcdefghijklmnopqrstuvwxyz012345", "AKIAIOSFODNN7EXAMPLE", "xoxb-0123456789",
						"ghp_0123456789abcdefghijklmnopqrstuvwxyz", "bk_live_0123456789abcdefghijklm",
						StreamRedactorTests.CANARY, "tok37 ", "2024-2025", "12/29", "AB12", "a@b", " ", ". ", "-", "(",
						")", "+"),
				Arbitraries.strings().withChars("0123456789 .-()+@_abcxyzABXYZ").ofMaxLength(24),
				Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(16));
		return piece.list().ofMaxSize(8).map((pieces) -> String.join("", pieces));
	}

	@Property(tries = 2_000)
	void findsWhatRunningEveryPatternFinds(@ForAll("texts") String text) {
		List<PersonalData.Found> everyPattern = this.detector.find(text, PersonalData.Candidates.ALL);
		assertThat(this.detector.find(text)).isEqualTo(everyPattern);
	}

	@Property(tries = 200)
	void skipsEveryPatternOnPlainProse(@ForAll("prose") String text) {
		assertThat(PersonalData.Candidates.in(text)).isEqualTo(new PersonalData.Candidates(false, false, false, false));
	}

	@Provide
	Arbitrary<String> prose() {
		return Arbitraries.of("The delivery ", "slot is on ", "Saturday, ", "tok12 ", "in 2 to 3 days. ", "Q3 ")
			.list()
			.ofMaxSize(12)
			.map((words) -> String.join("", words));
	}

}
