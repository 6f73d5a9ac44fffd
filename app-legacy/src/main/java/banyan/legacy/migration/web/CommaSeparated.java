package banyan.legacy.migration.web;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Lists as the migration forms show them: items separated by commas. */
final class CommaSeparated {

	private CommaSeparated() {
	}

	/** The items of the text, stripped; none for {@code null} or blank text. */
	static List<String> items(@Nullable String text) {
		if (text == null) {
			return List.of();
		}
		return Arrays.stream(text.split(",")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
	}

	/** The items as text. */
	static String of(List<?> items) {
		return String.join(", ", items.stream().map(String::valueOf).toList());
	}

}
