package banyan.llm;

import java.io.IOException;
import java.nio.file.Path;

import banyan.support.docs.ModuleDiagrams;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The business modules of app-llm respect each other's boundaries; the module diagrams in
 * {@code docs/modules/llm} are written from the same model.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(LlmApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void writesModuleDiagramsForTheDocs() throws IOException {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder("../docs/modules/llm"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
		// The Documenter writes relations in an order of its own each run.
		ModuleDiagrams.sortRelations(Path.of("../docs/modules/llm"));
	}

}
