package banyan.llm.conversation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import banyan.llm.catalog.Model;
import banyan.llm.problem.KnownFailure;
import banyan.llm.provider.Message;
import banyan.llm.provider.TokenCounter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContextBudgetTests {

	final TokenCounter tokens = new TokenCounter();

	@Test
	void keepsTheWholeHistoryWhenItFits() {
		List<Message> fitted = ContextBudget.fit(model(1_000), history("one", "two", "three"),
				List.of(Message.of(Message.Role.USER, "four")), 100, this.tokens);

		assertThat(fitted).extracting(Message::text).containsExactly("one", "two", "three", "four");
	}

	@Test
	void dropsTheOldestMessagesFirstButKeepsSystemMessagesAndTheNewTurn() {
		String long1 = "word ".repeat(60);
		String long2 = "term ".repeat(60);
		List<StoredMessage> history = List.of(stored("system", "Be brief."), stored("user", long1),
				stored("assistant", long2), stored("user", "short question"), stored("assistant", "short answer"));

		List<Message> fitted = ContextBudget.fit(model(100), history, List.of(Message.of(Message.Role.USER, "next")),
				40, this.tokens);

		assertThat(fitted).extracting(Message::text)
			.containsExactly("Be brief.", "short question", "short answer", "next");
	}

	@Test
	void keepsRoomForTheAnswerWhenTheRequestSetsNoLimit() {
		// a 64-token window keeps 16 for the answer: 48 for the prompt, less than two of
		// these
		String twenty = "word ".repeat(25).strip();
		List<Message> fitted = ContextBudget.fit(model(64), List.of(stored("user", twenty)),
				List.of(Message.of(Message.Role.USER, twenty)), null, this.tokens);

		assertThat(fitted).extracting(Message::text).containsExactly(twenty);
	}

	@Test
	void refusesANewTurnThatDoesNotFitOnItsOwn() {
		assertThatExceptionOfType(TurnTooLong.class)
			.isThrownBy(() -> ContextBudget.fit(model(50), List.of(),
					List.of(Message.of(Message.Role.USER, "word ".repeat(100))), 10, this.tokens))
			.satisfies((refused) -> assertThat(refused.kind()).isEqualTo(KnownFailure.Kind.INVALID_REQUEST))
			.withMessageContaining("takes 50 tokens in all");
	}

	private List<StoredMessage> history(String... texts) {
		return java.util.Arrays.stream(texts).map((text) -> stored("user", text)).toList();
	}

	private StoredMessage stored(String role, String text) {
		return new StoredMessage(role, text, this.tokens.count(text), Instant.EPOCH);
	}

	private static Model model(int window) {
		return new Model("m", List.of(new Model.Target("local", "extractive")), window, BigDecimal.ZERO,
				BigDecimal.ZERO, Set.of());
	}

}
