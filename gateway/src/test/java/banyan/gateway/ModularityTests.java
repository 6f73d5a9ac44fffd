package banyan.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The business modules of the gateway respect each other's boundaries; the module
 * diagrams in {@code docs/modules/gateway} are written from the same model.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(GatewayApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void writesModuleDiagramsForTheDocs() {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder("../docs/modules/gateway"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
	}

}
