package banyan.gateway.system;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway costs the back office: article GET and the legacy search, straight to
 * app-legacy and through the gateway, measured in the same run, alternating rounds so
 * both see the same machine. Prints throughput and latency for each, and the ratios, and
 * writes them to {@code target/benchmarks/gateway-overhead.md}. Run with the
 * {@code benchmark} profile; it makes no claim about wall-clock time in a unit test.
 */
class GatewayOverheadBenchmark {

	private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 16);

	private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmupSeconds", 60));

	private static final Duration ROUND = Duration.ofSeconds(Long.getLong("benchmark.roundSeconds", 10));

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	private final RunningSystem system = RunningSystem.get();

	@Test
	void measuresTheGatewaysCostOnBackOfficeRoutes() throws Exception {
		URI direct = this.system.legacy();
		URI gateway = this.system.gateway();
		String article = "/api/articles/" + firstArticleId(direct);
		String search = "/api/kb/search?q=battery&size=10";
		StringBuilder report = new StringBuilder("""
				| route | path | requests/s | p50 ms | p99 ms |
				|---|---|---|---|---|
				""");
		List<String> ratios = new ArrayList<>();
		for (String path : List.of(article, search)) {
			run(direct, path, WARM_UP);
			run(gateway, path, WARM_UP);
			Result straight = Result.empty();
			Result through = Result.empty();
			for (int round = 0; round < ROUNDS; round++) {
				straight = straight.plus(run(direct, path, ROUND));
				through = through.plus(run(gateway, path, ROUND));
			}
			String name = path.startsWith("/api/kb") ? "search" : "article GET";
			report.append(straight.row(name, "direct")).append(through.row(name, "gateway"));
			ratios.add(String.format(Locale.ROOT,
					"- %s: through the gateway %.1f%% of direct throughput; p50 +%.2f ms, p99 +%.2f ms", name,
					100.0 * through.throughput() / straight.throughput(), through.p50() - straight.p50(),
					through.p99() - straight.p99()));
			assertThat(straight.errors() + through.errors()).as("failed requests").isZero();
		}
		String text = report + "\n" + String.join("\n", ratios) + "\n\n" + String.format(Locale.ROOT,
				"%d concurrent clients (virtual threads, JDK HttpClient, keep-alive, session cookie); %d rounds of %d s "
						+ "per route after %d s of warm-up; %d cores.%n",
				CONCURRENCY, ROUNDS, ROUND.toSeconds(), WARM_UP.toSeconds(),
				Runtime.getRuntime().availableProcessors());
		System.out.println("\n=== Gateway overhead on back-office routes ===\n" + text);
		Path out = Path.of("target", "benchmarks", "gateway-overhead.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, text);
	}

	private long firstArticleId(URI base) throws Exception {
		HttpResponse<String> page = client().send(request(base, "/api/articles?size=1"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		var matcher = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(page.body());
		assertThat(matcher.find()).as("the sample knowledge base is loaded").isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private Result run(URI base, String path, Duration duration) throws InterruptedException {
		Recorder recorder = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		long deadline = System.nanoTime() + duration.toNanos();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < CONCURRENCY; i++) {
			clients.add(Thread.ofVirtual().start(() -> {
				HttpClient http = client();
				HttpRequest request = request(base, path);
				while (System.nanoTime() < deadline) {
					long start = System.nanoTime();
					try {
						HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
						if (response.statusCode() != 200) {
							errors.incrementAndGet();
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
					recorder.recordValue((System.nanoTime() - start) / 1_000);
				}
			}));
		}
		for (Thread client : clients) {
			client.join();
		}
		Histogram histogram = recorder.getIntervalHistogram();
		return new Result(histogram, duration, errors.get());
	}

	private HttpClient client() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private HttpRequest request(URI base, String path) {
		return HttpRequest.newBuilder(base.resolve(path))
			.header("Authorization", this.system.adminAuthorization())
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	/** Latencies in microseconds over some seconds of load. */
	private record Result(Histogram histogram, Duration duration, long errors) {

		static Result empty() {
			return new Result(new Histogram(3), Duration.ZERO, 0);
		}

		Result plus(Result other) {
			Histogram sum = this.histogram.copy();
			sum.add(other.histogram);
			return new Result(sum, this.duration.plus(other.duration), this.errors + other.errors);
		}

		double throughput() {
			return this.histogram.getTotalCount() / (this.duration.toMillis() / 1000.0);
		}

		double p50() {
			return this.histogram.getValueAtPercentile(50) / 1000.0;
		}

		double p99() {
			return this.histogram.getValueAtPercentile(99) / 1000.0;
		}

		String row(String name, String route) {
			return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f |%n", route, name, throughput(), p50(),
					p99());
		}

	}

}
