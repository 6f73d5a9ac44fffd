package banyan.llm.rag;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SSRF rules for URL ingestion.
 */
class UrlPolicyTests {

	final UrlPolicy strict = new UrlPolicy(List.of("localhost", "127.0.0.1", "10.0.0.7", "169.254.169.254",
			"100.64.1.1", "::1", "0.0.0.0", "93.184.216.34", "*.example.com"), false);

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost/", "http://127.0.0.1:8081/internal/keys", "http://10.0.0.7/",
			"http://169.254.169.254/latest/meta-data/", "http://100.64.1.1/", "http://[::1]/", "http://0.0.0.0/",
			"file:///etc/passwd", "gopher://localhost/", "ftp://93.184.216.34/", "http://user:pw@93.184.216.34/",
			"http://not-listed.org/", "http://example.com.attacker.net/" })
	void refusesWhatCouldReachInsideOrIsNotListed(String url) {
		assertThatThrownBy(() -> this.strict.check(URI.create(url))).isInstanceOf(UrlPolicy.RefusedUrl.class);
	}

	@Test
	void allowsAListedPublicAddress() {
		assertThatCode(() -> this.strict.check(URI.create("https://93.184.216.34/guide.pdf")))
			.doesNotThrowAnyException();
	}

	@Test
	void developmentMayReachLoopbackButNeverLinkLocal() {
		UrlPolicy development = new UrlPolicy(List.of("localhost", "169.254.169.254", "fe80::1"), true);
		assertThatCode(() -> development.check(URI.create("http://localhost:8080/"))).doesNotThrowAnyException();
		assertThatThrownBy(() -> development.check(URI.create("http://169.254.169.254/")))
			.hasMessageContaining("link-local");
		assertThatThrownBy(() -> development.check(URI.create("http://[fe80::1]/"))).hasMessageContaining("link-local");
	}

}
