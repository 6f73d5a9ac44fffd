package banyan.contracts;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared kernel may depend on the JDK, Jackson annotations and Jakarta Validation
 * only, so that every process can use it without dragging in another's stack.
 */
class SharedKernelDependencyRulesTests {

	static final ArchRule ONLY_JDK_JACKSON_ANNOTATIONS_AND_VALIDATION = classes().that()
		.resideInAPackage("banyan.contracts..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "com.fasterxml.jackson.annotation..", "jakarta.validation..",
				"banyan.contracts..")
		.because("shared-contracts is the shared kernel of three processes with different stacks");

	@Test
	void sharedKernelDependsOnlyOnJdkJacksonAnnotationsAndValidation() {
		JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("banyan.contracts");
		assertThat(production).isNotEmpty();
		ONLY_JDK_JACKSON_ANNOTATIONS_AND_VALIDATION.check(production);
	}

	@Test
	void ruleCatchesAContractThatLeaksJacksonDatabind() {
		JavaClasses fixture = new ClassFileImporter().importPackages("banyan.contracts.archfixture");
		assertThat(ONLY_JDK_JACKSON_ANNOTATIONS_AND_VALIDATION.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("LeaksJacksonDatabind")
				.contains("tools.jackson.databind"));
	}

}
