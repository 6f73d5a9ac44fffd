package banyan.gateway.migration;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import banyan.contracts.migration.ComparisonResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The results queue is bounded: what does not fit is dropped and counted. */
class MirrorResultsTests {

	@Test
	void dropsAndCountsWhatDoesNotFitTheQueue() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		MigrationSettings settings = new MigrationSettings(URI.create("http://localhost:1"),
				URI.create("http://localhost:1"), 1, 1, Duration.ofSeconds(1), DataSize.ofKilobytes(1), 2, 10,
				Duration.ofHours(1), Duration.ofHours(1), Map.of());
		MirrorResults results = new MirrorResults(settings, WebClient.builder(), "token", meters);
		try {
			for (int i = 0; i < 3; i++) {
				results.add(new ComparisonResult("r", Instant.now(), "match", 200, 200, 1, 1, List.of(), false, -1, -2,
						""));
			}
			assertThat(meters.counter("banyan.migration.results.dropped", "reason", "queue-full").count()).isEqualTo(1);
			// Nothing listens on port 1: the two queued are dropped when the batch fails.
			results.flush().block(Duration.ofSeconds(10));
			assertThat(meters.counter("banyan.migration.results.dropped", "reason", "legacy-unavailable").count())
				.isEqualTo(2);
		}
		finally {
			results.destroy();
		}
	}

}
