package banyan.legacy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Modulith does not see: app-legacy stands alone among the applications.
 */
class ArchitectureRulesTests {

	static final ArchRule NO_OTHER_APPLICATION = noClasses().that()
		.resideInAPackage("banyan.legacy..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("banyan.llm..", "banyan.gateway..")
		.because("applications talk over HTTP and shared-contracts, never through each other's code");

	static final ArchRule NO_HTTP_STATUS_IN_THE_DOMAIN = noClasses().that()
		.resideInAPackage("banyan.legacy..")
		.and()
		.resideOutsideOfPackages("..web..", "banyan.legacy.problem..", "banyan.legacy.security..")
		.should()
		.dependOnClassesThat()
		.areAssignableTo(org.springframework.web.ErrorResponse.class)
		.orShould()
		.dependOnClassesThat()
		.areAssignableTo(org.springframework.http.HttpStatusCode.class)
		.because("the modules throw failures named as facts; only the web layer decides the status");

	@Test
	void dependsOnNoOtherApplication() {
		NO_OTHER_APPLICATION.check(production());
	}

	@Test
	void keepsHttpStatusesInTheWebLayer() {
		NO_HTTP_STATUS_IN_THE_DOMAIN.check(production());
	}

	@Test
	void rulesCatchDeliberateViolations() {
		JavaClasses fixture = new ClassFileImporter().importPackages("banyan.legacy.archfixture");

		assertThat(NO_OTHER_APPLICATION.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("ReachesIntoLlm").contains("banyan.llm."));
		assertThat(NO_HTTP_STATUS_IN_THE_DOMAIN.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("ThrowsHttpStatus"));
	}

	private static JavaClasses production() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("banyan.legacy");
		assertThat(classes).isNotEmpty();
		return classes;
	}

}
