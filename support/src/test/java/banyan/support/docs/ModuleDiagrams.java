package banyan.support.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Module diagrams that stay as they are while the modules do: Spring Modulith's
 * {@code Documenter} writes a diagram's relations in an order that changes from run to
 * run, so each run of the tests would leave the PlantUML files modified. Sorting each run
 * of {@code Rel(...)} lines makes the files a function of the modules alone.
 */
public final class ModuleDiagrams {

	private static final String RELATION = "Rel(";

	private ModuleDiagrams() {
	}

	/**
	 * Puts the relations of every {@code .puml} file in the folder in order, rewriting
	 * only the files whose order changes.
	 * @return the files rewritten
	 */
	public static List<Path> sortRelations(Path folder) throws IOException {
		List<Path> rewritten = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".puml")).sorted().toList()) {
				String text = Files.readString(file, StandardCharsets.UTF_8);
				String sorted = sorted(text);
				if (!sorted.equals(text)) {
					Files.writeString(file, sorted, StandardCharsets.UTF_8);
					rewritten.add(file);
				}
			}
		}
		return rewritten;
	}

	/** The text with each run of consecutive relation lines sorted. */
	static String sorted(String text) {
		List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
		int start = -1;
		for (int i = 0; i <= lines.size(); i++) {
			boolean relation = i < lines.size() && lines.get(i).startsWith(RELATION);
			if (relation && start < 0) {
				start = i;
			}
			else if (!relation && start >= 0) {
				lines.subList(start, i).sort(null);
				start = -1;
			}
		}
		return String.join("\n", lines);
	}

}
