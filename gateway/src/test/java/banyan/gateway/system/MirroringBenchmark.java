package banyan.gateway.system;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What shadow traffic costs the primary path (issue 7): the legacy search through the
 * gateway with mirroring off, at 5 % and at 100 % of staff members, in alternating rounds
 * of one run so every setting sees the same machine, at a fixed request rate below
 * saturation. Sampling is sticky per member, so the load comes from many members (each
 * with a session of its own, as a browser has); the share actually mirrored is read back
 * from app-legacy's report. Prints requests/s and the primary's p50 and p99 per setting,
 * and p99 against mirroring off, and writes them to
 * {@code target/benchmarks/mirroring.md}. Run with the {@code benchmark} profile.
 */
class MirroringBenchmark {

	private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 16);

	private static final int MEMBERS = Integer.getInteger("benchmark.members", 320);

	private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmupSeconds", 30));

	private static final Duration ROUND = Duration.ofSeconds(Long.getLong("benchmark.roundSeconds", 20));

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

	/**
	 * Requests a second in the measured rounds: below saturation, so latency is not
	 * queueing.
	 */
	private static final double RATE = Double.parseDouble(System.getProperty("benchmark.rate", "50"));

	/** The settings compared, in this order each round; the first is the baseline. */
	private static final List<Double> PERCENTAGES = java.util.Arrays
		.stream(System.getProperty("benchmark.percentages", "0,5,100").split(","))
		.map(Double::valueOf)
		.toList();

	private static final String SEARCH = "/api/kb/search?q=charging+the+battery&size=10";

	private static final String PASSWORD = "benchmark-member-password";

	private final RunningSystem system = RunningSystem.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void measuresWhatMirroringCostsThePrimary() throws Exception {
		// app-llm's mimic has the sample knowledge base, so mirrored calls do real work.
		String[] last = { "" };
		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofSeconds(1))
			.alias("app-llm's index has the sample knowledge base")
			.conditionEvaluationListener((condition) -> {
				if (!condition.isSatisfied() && condition.getElapsedTimeInMS() > 170_000) {
					System.out.println("Last /rag/search answer: " + last[0]);
				}
			})
			.until(() -> {
				HttpResponse<String> found = send("GET", "/rag/search?k=3&q=charging+the+battery", null,
						"Bearer " + RunningSystem.API_KEY);
				last[0] = found.statusCode() + " " + found.body();
				return found.body().contains("Charging the battery");
			});
		List<List<Member>> clients = members();
		Map<Double, Latencies> results = new LinkedHashMap<>();
		Map<Double, long[]> mirrored = new LinkedHashMap<>();
		for (double percentage : PERCENTAGES) {
			mirror(percentage);
			run(clients, WARM_UP);
			results.put(percentage, Latencies.empty());
			mirrored.put(percentage, new long[2]);
		}
		List<Member> everyone = clients.stream().flatMap(List::stream).toList();
		for (int round = 0; round < ROUNDS; round++) {
			for (double percentage : results.keySet()) {
				mirror(percentage);
				long before = settledSamples();
				Latencies result = Latencies.measureAtRate((n) -> everyone.get(n % everyone.size()), RATE, ROUND);
				results.put(percentage, results.get(percentage).plus(result));
				long[] share = mirrored.get(percentage);
				share[0] += settledSamples() - before;
				share[1] += result.requests();
			}
		}
		mirror(0);
		Latencies off = results.getOrDefault(0.0, results.values().iterator().next());
		StringBuilder text = new StringBuilder("""
				| mirroring | requests mirrored | requests/s | primary p50 ms | primary p99 ms | p99 against off |
				|---|---|---|---|---|---|
				""");
		results.forEach((percentage, result) -> {
			long[] share = mirrored.get(percentage);
			text.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.0f | %.2f | %.2f | %+.1f%% |%n",
					(percentage == 0) ? "off" : String.format(Locale.ROOT, "%.0f%% of members", percentage),
					100.0 * share[0] / Math.max(1, share[1]), result.throughput(), result.p50(), result.p99(),
					100.0 * (result.p99() - off.p99()) / off.p99()));
			assertThat(result.errors()).as("failed primary requests at %s%%: %s", percentage, result.failures())
				.isZero();
		});
		text.append(String.format(Locale.ROOT,
				"%n%.0f requests/s at a fixed rate (open loop: each latency from when its request was due) over %d "
						+ "staff members (JDK HttpClient, keep-alive, a session per member); %d rounds of %d s per "
						+ "setting, alternating, after %d s of warm-up each at %d concurrent clients; all three "
						+ "applications and the benchmark on %d cores.%n",
				RATE, MEMBERS, ROUNDS, ROUND.toSeconds(), WARM_UP.toSeconds(), CONCURRENCY,
				Runtime.getRuntime().availableProcessors()));
		System.out.println("\n=== Mirroring: the primary path's latency ===\n" + text);
		Path out = Path.of("target", "benchmarks", "mirroring.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, text);
	}

	/** The staff members, created once, split among the clients. */
	private List<List<Member>> members() throws Exception {
		List<Member> all = new ArrayList<>();
		List<Thread> creating = new ArrayList<>();
		java.util.concurrent.Semaphore few = new java.util.concurrent.Semaphore(4);
		for (int i = 0; i < MEMBERS; i++) {
			String name = "bench-member-" + i;
			all.add(new Member(name));
			few.acquire();
			creating.add(Thread.ofVirtual().start(() -> {
				HttpResponse<String> created = send("POST", "/api/users", """
						{"username":"%s","password":"%s","role":"AGENT","tenantId":"demo"}""".formatted(name, PASSWORD),
						this.system.adminAuthorization());
				few.release();
				assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
			}));
		}
		for (Thread thread : creating) {
			thread.join();
		}
		List<List<Member>> clients = new ArrayList<>();
		for (int i = 0; i < CONCURRENCY; i++) {
			clients.add(new ArrayList<>());
		}
		for (int i = 0; i < all.size(); i++) {
			clients.get(i % CONCURRENCY).add(all.get(i));
		}
		return clients;
	}

	private void mirror(double percentage) throws Exception {
		HttpResponse<String> saved = send("PUT", "/api/migrations/kb-search", """
				{"method":"GET","path":"/api/kb/search","mirrorPercentage":%s,"cutoverWeight":0,
				 "ignore":["results[*].snippet","results[*].updatedAt"],"resultsPath":"results","state":"shadow"}"""
			.formatted(percentage), this.system.adminAuthorization());
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		// The gateway polls every 500 ms; what was mirrored before lands within its batch
		// interval.
		Thread.sleep(2_000);
	}

	/** The report's sample count, once it holds still. */
	private long settledSamples() throws Exception {
		long last = -1;
		while (true) {
			HttpResponse<String> report = send("GET", "/api/migrations/kb-search/report?minutes=10080", null,
					this.system.adminAuthorization());
			long now = this.json.readTree(report.body()).path("samples").asLong();
			if (now == last) {
				return now;
			}
			last = now;
			Thread.sleep(1_500);
		}
	}

	private Latencies run(List<List<Member>> clients, Duration duration) throws InterruptedException {
		List<Latencies.Call> calls = new ArrayList<>();
		for (List<Member> members : clients) {
			int[] next = { 0 };
			calls.add(() -> members.get(next[0]++ % members.size()).send());
		}
		return Latencies.measure(calls, duration);
	}

	private HttpResponse<String> send(String method, String path, String body, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.system.gateway().resolve(path))
			.header("Authorization", authorization)
			.timeout(Duration.ofSeconds(60));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		try {
			return this.http
				.send(request
					.method(method,
							(body != null) ? HttpRequest.BodyPublishers.ofString(body)
									: HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A staff member with a client and a session of its own. */
	private final class Member implements Latencies.Call {

		final HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		final HttpRequest search;

		@Override
		public int send() throws Exception {
			return this.client.send(this.search, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
		}

		Member(String name) {
			this.search = HttpRequest.newBuilder(MirroringBenchmark.this.system.gateway().resolve(SEARCH))
				.header("Authorization",
						"Basic " + Base64.getEncoder()
							.encodeToString((name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
				.timeout(Duration.ofSeconds(30))
				.build();
		}

	}

}
