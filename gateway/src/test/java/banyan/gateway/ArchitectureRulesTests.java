package banyan.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Modulith does not see: the gateway stands alone among the applications, and
 * stays reactive.
 */
class ArchitectureRulesTests {

	static final ArchRule NO_OTHER_APPLICATION = noClasses().that()
		.resideInAPackage("banyan.gateway..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("banyan.legacy..", "banyan.llm..")
		.because("applications talk over HTTP and shared-contracts, never through each other's code");

	static final ArchRule NO_SERVLET_API = noClasses().that()
		.resideInAPackage("banyan.gateway..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("jakarta.servlet..", "org.springframework.web.servlet..")
		.because("the gateway runs on Netty with WebFlux; a servlet type would mean blocking I/O");

	@Test
	void dependsOnNoOtherApplication() {
		NO_OTHER_APPLICATION.check(production());
	}

	@Test
	void usesNoServletApi() {
		NO_SERVLET_API.check(production());
	}

	@Test
	void rulesCatchDeliberateViolations() {
		JavaClasses fixture = new ClassFileImporter().importPackages("banyan.gateway.archfixture");

		assertThat(NO_OTHER_APPLICATION.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("ReachesIntoLlm"));
		assertThat(NO_SERVLET_API.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("UsesServletApi").contains("jakarta.servlet"));
	}

	private static JavaClasses production() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("banyan.gateway");
		assertThat(classes).isNotEmpty();
		return classes;
	}

}
