package banyan.support.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Relations come out in one order, whatever order they were written in. */
class ModuleDiagramsTests {

	@TempDir
	Path folder;

	@Test
	void sortsEachRunOfRelationsAndLeavesTheRestAlone() {
		String written = """
				@startuml
				Rel(B, A, "uses")
				Rel(A, C, "depends on")
				Container(A)
				Rel(Z, Y, "uses")
				Rel(X, Y, "uses")
				@enduml
				""";
		assertThat(ModuleDiagrams.sorted(written)).isEqualTo("""
				@startuml
				Rel(A, C, "depends on")
				Rel(B, A, "uses")
				Container(A)
				Rel(X, Y, "uses")
				Rel(Z, Y, "uses")
				@enduml
				""");
	}

	@Test
	void rewritesOnlyTheDiagramsWhoseOrderChanges() throws Exception {
		Path unordered = Files.writeString(this.folder.resolve("a.puml"), "Rel(B)\nRel(A)\n", StandardCharsets.UTF_8);
		Path ordered = Files.writeString(this.folder.resolve("b.puml"), "Rel(A)\nRel(B)\n", StandardCharsets.UTF_8);
		Path other = Files.writeString(this.folder.resolve("c.adoc"), "Rel(B)\nRel(A)\n", StandardCharsets.UTF_8);
		assertThat(ModuleDiagrams.sortRelations(this.folder)).containsExactly(unordered);
		assertThat(Files.readString(unordered)).isEqualTo("Rel(A)\nRel(B)\n");
		assertThat(Files.readString(ordered)).isEqualTo("Rel(A)\nRel(B)\n");
		assertThat(Files.readString(other)).isEqualTo("Rel(B)\nRel(A)\n");
	}

}
