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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway costs the back office: article GET and the legacy search, straight to
 * app-legacy and through the gateway, measured in the same run, alternating rounds so
 * both see the same machine. At saturation a third path goes through a {@link BareProxy}
 * (Reactor Netty passing requests through, nothing else): the floor for any proxy on the
 * gateway's transport, to tell the gateway's own cost from what one more hop on the JVM
 * costs this machine. Prints throughput and latency for each, and the ratios, and writes
 * them to {@code target/benchmarks/gateway-overhead.md}. Run with the {@code benchmark}
 * profile; it makes no claim about wall-clock time in a unit test.
 */
class GatewayOverheadBenchmark {

	private static final String BARE = "bare proxy";

	private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 16);

	private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmupSeconds", 60));

	private static final Duration ROUND = Duration.ofSeconds(Long.getLong("benchmark.roundSeconds", 10));

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	/**
	 * The fixed request rates (per second) of the open-loop part, below saturation, where
	 * the gateway's added latency is not hidden by queueing.
	 */
	private static final List<Integer> RATES = java.util.Arrays
		.stream(System.getProperty("benchmark.rates", "100,300").split(","))
		.map(String::strip)
		.map(Integer::valueOf)
		.toList();

	private final RunningSystem system = RunningSystem.get();

	@Test
	void measuresTheGatewaysCostOnBackOfficeRoutes() throws Exception {
		URI direct = this.system.legacy();
		URI gateway = this.system.gateway();
		try (BareProxy.Running bare = BareProxy.start(direct)) {
			measure(direct, gateway, bare);
		}
	}

	private void measure(URI direct, URI gateway, BareProxy.Running bare) throws Exception {
		URI floor = bare.uri();
		String article = "/api/articles/" + firstArticleId(direct);
		String search = "/api/kb/search?q=battery&size=10";
		StringBuilder report = new StringBuilder("""
				| route | path | requests/s | p50 ms | p99 ms |
				|---|---|---|---|---|
				""");
		List<String> ratios = new ArrayList<>();
		StringBuilder cost = new StringBuilder(
				"""
						| route | path | CPU ms per request: gateway | bare proxy | app-legacy with its PostgreSQL | load generator |
						|---|---|---|---|---|---|
						""");
		StringBuilder openLoop = new StringBuilder("""
				| route | requests/s (fixed) | direct p50 / p99 ms | gateway p50 / p99 ms | added p50 / p99 ms |
				|---|---|---|---|---|
				""");
		for (String path : List.of(article, search)) {
			run(direct, path, WARM_UP);
			run(gateway, path, WARM_UP);
			run(floor, path, WARM_UP);
			Latencies straight = Latencies.empty();
			Latencies through = Latencies.empty();
			Latencies viaBare = Latencies.empty();
			CpuUse straightCpu = CpuUse.NONE;
			CpuUse throughCpu = CpuUse.NONE;
			CpuUse bareCpu = CpuUse.NONE;
			for (int round = 0; round < ROUNDS; round++) {
				Map<String, Duration> before = cpuTime(bare);
				straight = straight.plus(run(direct, path, ROUND));
				Map<String, Duration> between = cpuTime(bare);
				through = through.plus(run(gateway, path, ROUND));
				Map<String, Duration> then = cpuTime(bare);
				viaBare = viaBare.plus(run(floor, path, ROUND));
				straightCpu = straightCpu.plus(CpuUse.between(before, between));
				throughCpu = throughCpu.plus(CpuUse.between(between, then));
				bareCpu = bareCpu.plus(CpuUse.between(then, cpuTime(bare)));
			}
			String name = path.startsWith("/api/kb") ? "search" : "article GET";
			report.append(row(straight, name, "direct"))
				.append(row(through, name, "gateway"))
				.append(row(viaBare, name, BARE));
			cost.append(cpuRow(straight, straightCpu, name, "direct"))
				.append(cpuRow(through, throughCpu, name, "gateway"))
				.append(cpuRow(viaBare, bareCpu, name, BARE));
			ratios.add(String.format(Locale.ROOT,
					"- %s: through the gateway %.1f%% of direct throughput; p50 %+.2f ms, p99 %+.2f ms; through the "
							+ "bare proxy %.1f%%",
					name, 100.0 * through.throughput() / straight.throughput(), through.p50() - straight.p50(),
					through.p99() - straight.p99(), 100.0 * viaBare.throughput() / straight.throughput()));
			assertThat(straight.errors() + through.errors() + viaBare.errors())
				.as("failed requests: %s, %s, %s", straight.failures(), through.failures(), viaBare.failures())
				.isZero();
			for (int rate : RATES) {
				Latencies slow = Latencies.empty();
				Latencies proxied = Latencies.empty();
				for (int round = 0; round < ROUNDS; round++) {
					slow = slow.plus(runAtRate(direct, path, rate));
					proxied = proxied.plus(runAtRate(gateway, path, rate));
				}
				openLoop.append(String.format(Locale.ROOT, "| %s | %d | %.2f / %.2f | %.2f / %.2f | %+.2f / %+.2f |%n",
						name, rate, slow.p50(), slow.p99(), proxied.p50(), proxied.p99(), proxied.p50() - slow.p50(),
						proxied.p99() - slow.p99()));
				assertThat(slow.errors() + proxied.errors())
					.as("failed requests: %s, %s", slow.failures(), proxied.failures())
					.isZero();
			}
		}
		String text = report + "\n" + String.join("\n", ratios) + "\n\n" + String.format(Locale.ROOT,
				"%d concurrent clients (virtual threads, JDK HttpClient, keep-alive, session cookie); %d rounds of %d s "
						+ "per route after %d s of warm-up; %d cores (%s). The bare proxy: Reactor Netty's server and "
						+ "client passing each request through and nothing else (BareProxy), the floor for a proxy on "
						+ "the gateway's transport.%n",
				CONCURRENCY, ROUNDS, ROUND.toSeconds(), WARM_UP.toSeconds(), RunningSystem.MACHINE_CPUS,
				RunningSystem.cpuPlacement())
				+ "\nCPU time per request (each process's CPU time over the closed-loop rounds, divided by the "
				+ "requests answered):\n\n" + cost
				+ "\nAt fixed rates (open loop: each latency from when the request was due), " + ROUNDS
				+ " alternating rounds of " + ROUND.toSeconds() + " s:\n\n" + openLoop;
		System.out.println("\n=== Gateway overhead on back-office routes ===\n" + text);
		Path out = Path.of("target", "benchmarks", "gateway-overhead.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, text);
	}

	/** CPU time so far per process, the bare proxy's included. */
	private Map<String, Duration> cpuTime(BareProxy.Running bare) {
		Map<String, Duration> used = new LinkedHashMap<>(this.system.cpuTime());
		used.put(BARE, bare.cpuTime());
		return used;
	}

	private long firstArticleId(URI base) throws Exception {
		HttpResponse<String> page = client().send(request(base, "/api/articles?size=1"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		var matcher = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(page.body());
		assertThat(matcher.find()).as("the sample knowledge base is loaded").isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private Latencies run(URI base, String path, Duration duration) throws InterruptedException {
		List<Latencies.Call> clients = new ArrayList<>();
		for (int i = 0; i < CONCURRENCY; i++) {
			HttpClient http = client();
			HttpRequest request = request(base, path);
			clients.add(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode());
		}
		return Latencies.measure(clients, duration);
	}

	/**
	 * Requests at a fixed rate over one client (its connections kept alive, as many as
	 * the requests in flight need), signed in first: the first request's password check
	 * gives the session cookie the others send, as a browser's would.
	 */
	private Latencies runAtRate(URI base, String path, int perSecond) throws Exception {
		HttpClient http = client();
		HttpRequest request = request(base, path);
		assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		return Latencies.measureAtRate(
				(n) -> () -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode(), perSecond,
				ROUND);
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

	private static String cpuRow(Latencies result, CpuUse cpu, String name, String route) {
		return String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f |%n", route, name,
				cpu.millisPer("gateway", result.requests()), cpu.millisPer(BARE, result.requests()),
				cpu.millisPer("app-legacy", result.requests()), cpu.millisPer("load generator", result.requests()));
	}

	private static String row(Latencies result, String name, String route) {
		return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f |%n", route, name, result.throughput(),
				result.p50(), result.p99());
	}

}
