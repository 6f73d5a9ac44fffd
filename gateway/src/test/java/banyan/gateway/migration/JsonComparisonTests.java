package banyan.gateway.migration;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Field-by-field comparison of JSON answers and the search comparator. */
class JsonComparisonTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void namesTheFieldsThatDifferWithArrayElementsFolded() {
		assertThat(JsonComparison.exact()
			.differences(read("{\"a\":1,\"b\":{\"c\":\"x\"},\"r\":[{\"t\":\"p\"},{\"t\":\"q\"}]}"),
					read("{\"b\":{\"c\":\"y\"},\"a\":1,\"r\":[{\"t\":\"p\"},{\"t\":\"z\"}],\"extra\":true}")))
			.containsExactly("b.c", "extra", "r[*].t");
		assertThat(JsonComparison.exact().differences(read("{\"r\":[1,2]}"), read("{\"r\":[1,2,3]}")))
			.containsExactly("r.length");
		assertThat(JsonComparison.exact().differences(read("{\"a\":[1,{\"b\":2}]}"), read("{\"a\":[1,{\"b\":2}]}")))
			.isEmpty();
		assertThat(JsonComparison.exact().differences(read("1"), read("\"1\""))).containsExactly("$");
	}

	@Test
	void appliesIgnoredPathsSetsAndNumericTolerance() {
		JsonComparison rules = new JsonComparison(Set.of("results[*].snippet", "query"), Set.of("tags"), 0.01, 0.5);
		assertThat(rules.differences(
				read("{\"query\":\"a\",\"tags\":[\"x\",\"y\"],\"score\":100,\"n\":1,"
						+ "\"results\":[{\"id\":1,\"snippet\":\"one\"}]}"),
				read("{\"query\":\"A\",\"tags\":[\"y\",\"x\"],\"score\":100.9,\"n\":1.4,"
						+ "\"results\":[{\"id\":1,\"snippet\":\"uno\"}]}")))
			.isEmpty();
		assertThat(rules.differences(read("{\"tags\":[\"x\",\"y\"],\"score\":100}"),
				read("{\"tags\":[\"x\",\"x\"],\"score\":102}")))
			.containsExactly("score", "tags[*]");
	}

	@Test
	void measuresOverlapAndRankCorrelationOfSearchResults() {
		JsonNode primary = read("{\"results\":[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]}");
		List<String> ids = JsonComparison.SearchAgreement.ids(primary, "results", "id");
		assertThat(ids).containsExactly("1", "2", "3", "4");

		var same = JsonComparison.SearchAgreement.of(ids, ids, 10);
		assertThat(same.overlap()).isEqualTo(1.0);
		assertThat(same.tau()).isEqualTo(1.0);

		var reversed = JsonComparison.SearchAgreement.of(ids, List.of("4", "3", "2", "1"), 10);
		assertThat(reversed.overlap()).isEqualTo(1.0);
		assertThat(reversed.tau()).isEqualTo(-1.0);

		var half = JsonComparison.SearchAgreement.of(ids, List.of("2", "1", "9", "8"), 4);
		assertThat(half.overlap()).isEqualTo(0.5);
		assertThat(half.tau()).isEqualTo(-1.0);

		var swapped = JsonComparison.SearchAgreement.of(ids, List.of("1", "3", "2", "4"), 4);
		assertThat(swapped.tau()).isCloseTo(4.0 / 6, within(1e-9));
		assertThat(JsonComparison.SearchAgreement.of(List.of(), List.of(), 5).overlap()).isEqualTo(1.0);
	}

	private JsonNode read(String text) {
		return this.json.readTree(text);
	}

}
