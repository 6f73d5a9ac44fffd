package banyan.gateway.migration;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sticky sampling of staff members for shadow traffic. */
class MirroringTests {

	@Test
	void samplesAboutThePercentageStickilyAndRaisingItOnlyAddsMembers() {
		int quarter = 0;
		for (int i = 0; i < 10_000; i++) {
			String credential = "Basic " + UUID.randomUUID();
			boolean atQuarter = MirrorSampling.sampled("kb-search", 25, credential);
			assertThat(MirrorSampling.sampled("kb-search", 25, credential)).isEqualTo(atQuarter);
			if (atQuarter) {
				quarter++;
				assertThat(MirrorSampling.sampled("kb-search", 50, credential)).isTrue();
			}
			assertThat(MirrorSampling.sampled("kb-search", 0, credential)).isFalse();
			assertThat(MirrorSampling.sampled("kb-search", 100, credential)).isTrue();
		}
		assertThat(quarter).isBetween(2_300, 2_700);
	}

	@Test
	void aRouteMirrorsAMethodThatMayChangeDataOnlyWhenItOptsIn() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new MigrationSettings.Route("POST", "/api/kb/feedback", 100, 0, java.util.List.of(),
					java.util.List.of(), 0, 0, "", "id", 10, 0, false))
			.withMessageContaining("mirror-unsafe-methods");
		assertThat(new MigrationSettings.Route("POST", "/api/kb/feedback", 100, 0, java.util.List.of(),
				java.util.List.of(), 0, 0, "", "id", 10, 0, true)
			.method()).isEqualTo("POST");
	}

}
