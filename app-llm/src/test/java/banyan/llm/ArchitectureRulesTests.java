package banyan.llm;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Modulith does not see: app-llm stands alone among the applications, and
 * stays reactive.
 */
class ArchitectureRulesTests {

	static final ArchRule NO_OTHER_APPLICATION = noClasses().that()
		.resideInAPackage("banyan.llm..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("banyan.legacy..", "banyan.gateway..")
		.because("applications talk over HTTP and shared-contracts, never through each other's code");

	static final ArchRule NO_SERVLET_API = noClasses().that()
		.resideInAPackage("banyan.llm..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("jakarta.servlet..", "org.springframework.web.servlet..")
		.because("app-llm runs on Netty with WebFlux; a servlet type would mean blocking I/O");

	static final ArchRule NO_JDBC_ON_THE_REACTIVE_PATH = noClasses().that()
		.resideInAPackage("banyan.llm..")
		.and()
		.resideOutsideOfPackage("banyan.llm.database..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..")
		.because("JDBC blocks; only the database module, off the request path, may use it");

	static final ArchRule NO_HTTP_STATUS_IN_THE_DOMAIN = noClasses().that()
		.resideInAPackage("banyan.llm..")
		.and()
		// The web layer, Problems, OpenAI's wire records and the idempotency filter are
		// HTTP by nature.
		.resideOutsideOfPackages("..web..", "banyan.llm.problem..", "banyan.llm.openai..", "banyan.llm.idempotency..")
		.should()
		.dependOnClassesThat()
		.areAssignableTo(org.springframework.web.ErrorResponse.class)
		.because("the modules throw failures named as facts; only the web layer and Problems decide the status");

	@Test
	void dependsOnNoOtherApplication() {
		NO_OTHER_APPLICATION.check(production());
	}

	@Test
	void usesNoServletApi() {
		NO_SERVLET_API.check(production());
	}

	@Test
	void keepsJdbcOffTheReactivePath() {
		NO_JDBC_ON_THE_REACTIVE_PATH.check(production());
	}

	@Test
	void keepsHttpStatusesInTheWebLayer() {
		NO_HTTP_STATUS_IN_THE_DOMAIN.check(production());
	}

	@Test
	void rulesCatchDeliberateViolations() {
		JavaClasses fixture = new ClassFileImporter().importPackages("banyan.llm.archfixture");

		assertThat(NO_OTHER_APPLICATION.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("ReachesIntoLegacy"));
		assertThat(NO_SERVLET_API.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("UsesServletApi").contains("jakarta.servlet"));
		assertThat(NO_JDBC_ON_THE_REACTIVE_PATH.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("QueriesWithJdbc"));
		assertThat(NO_HTTP_STATUS_IN_THE_DOMAIN.evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((violation) -> assertThat(violation).contains("ThrowsHttpStatus"));
	}

	private static JavaClasses production() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("banyan.llm");
		assertThat(classes).isNotEmpty();
		return classes;
	}

}
