package banyan.contracts.stream;

import java.net.URI;
import java.time.Instant;

import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamEventTests {

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	@Test
	void eachEventIsNamedAsTheProtocolSays() {
		assertThat(new StreamEvent.Start("r1", "local", Instant.EPOCH).name()).isEqualTo("start");
		assertThat(new StreamEvent.Delta("Hi").name()).isEqualTo("delta");
		assertThat(new StreamEvent.Metrics("local", "extractive", 1, 2, true, 3, 4).name()).isEqualTo("metrics");
		assertThat(new StreamEvent.End("stop").name()).isEqualTo("end");
		assertThat(new StreamEvent.Error(Problem.of(ProblemTypes.INTERNAL, "Internal error", 500, "x")).name())
			.isEqualTo("error");
	}

	@Test
	void eventNamesResolveBackToTheirRecordTypes() {
		for (StreamEvent.Kind kind : StreamEvent.Kind.values()) {
			assertThat(StreamEvent.Kind.named(kind.eventName())).isSameAs(kind);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> StreamEvent.Kind.named("tool-call"));
	}

	@Test
	void errorEventCarriesAProblemBodyThatSurvivesJson() {
		var error = new StreamEvent.Error(new Problem(ProblemTypes.PROVIDER_UNAVAILABLE, "Provider unavailable", 503,
				"All targets of model 'gpt' failed", URI.create("/chat/stream/r1")));

		String wire = this.json.writeValueAsString(error);
		StreamEvent.Error back = this.json.readValue(wire, StreamEvent.Error.class);

		assertThat(wire).contains("\"type\":\"https://banyan.dev/problems/provider-unavailable\"")
			.contains("\"status\":503");
		assertThat(back).isEqualTo(error);
	}

	@Test
	void problemWithoutInstanceLeavesTheFieldOut() {
		String wire = this.json.writeValueAsString(Problem.of(ProblemTypes.NOT_FOUND, "Not found", 404, "gone"));

		assertThat(wire).doesNotContain("instance");
	}

}
