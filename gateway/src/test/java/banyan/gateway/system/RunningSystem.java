package banyan.gateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * app-legacy, app-llm and the gateway, each started from its jar as its own process on
 * embedded defaults, with data and logs under {@code target/system-tests/}. Started once
 * per test JVM and stopped when the JVM ends.
 */
final class RunningSystem {

	/** The password of app-legacy's {@code admin} user. */
	static final String ADMIN_PASSWORD = "system-test-admin-password";

	/** The demo tenant's API key, as clients send it. */
	static final String API_KEY = "bk_system_test_demo_key_0123456789";

	/** What the gateway presents to app-legacy's internal endpoints. */
	static final String INTERNAL_TOKEN = "system-test-internal-token";

	/**
	 * Connections app-llm may hold to each benchmark upstream, and calls in flight to it.
	 */
	private static final int BENCH_CONNECTIONS = 6_000;

	/** The CPUs this JVM could use before any {@code system.cpus.load} placement. */
	static final int MACHINE_CPUS = Runtime.getRuntime().availableProcessors();

	private static final int FIRST_EPHEMERAL_PORT = firstEphemeralPort();

	private static final int FIRST_PORT = Math.min(20_000, FIRST_EPHEMERAL_PORT - 1_000);

	/** Ports handed out in this JVM, so that no two applications are given one. */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private static RunningSystem instance;

	private final Path home;

	private final ScriptedUpstream upstream;

	private final StreamingUpstream streaming = new StreamingUpstream();

	private final int legacyPort = freePort();

	private final int llmPort = freePort();

	private final int gatewayPort = freePort();

	private final int gatewayManagementPort = freePort();

	private final int llmManagementPort = freePort();

	private Process legacy;

	private Process llm;

	private Process gateway;

	private RunningSystem(ScriptedUpstream upstream) throws IOException {
		this.upstream = upstream;
		this.home = Path.of("target", "system-tests", Long.toString(System.currentTimeMillis())).toAbsolutePath();
		Files.createDirectories(this.home);
	}

	/** The running system, started on first use. */
	static synchronized RunningSystem get() {
		if (instance == null) {
			try {
				RunningSystem system = new RunningSystem(new ScriptedUpstream());
				system.start();
				Runtime.getRuntime().addShutdownHook(new Thread(system::stop));
				instance = system;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return instance;
	}

	/** The base URI of the gateway, the only door a client uses. */
	URI gateway() {
		return URI.create("http://localhost:" + this.gatewayPort);
	}

	/** An {@code Authorization} header value for app-legacy's {@code admin}. */
	String adminAuthorization() {
		return "Basic " + java.util.Base64.getEncoder()
			.encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

	/** The base URI of app-legacy itself, bypassing the gateway (for comparisons). */
	URI legacy() {
		return URI.create("http://localhost:" + this.legacyPort);
	}

	/** app-llm's management port: health, metrics, Prometheus. */
	URI llmManagement() {
		return URI.create("http://localhost:" + this.llmManagementPort);
	}

	/** app-llm itself, bypassing the gateway. */
	URI llm() {
		return URI.create("http://localhost:" + this.llmPort);
	}

	int gatewayPort() {
		return this.gatewayPort;
	}

	/**
	 * The OpenAI-compatible server behind app-llm's models {@code bench} (streams at
	 * once) and {@code idle} (holds streams open).
	 */
	StreamingUpstream streaming() {
		return this.streaming;
	}

	/**
	 * CPU time each process has used so far: app-legacy and app-llm (each with its
	 * embedded PostgreSQL, a child process), the gateway, and this JVM (the load
	 * generator and the local upstreams). The difference between two readings is what a
	 * benchmark round cost each one, a figure less noisy than latency on shared cores.
	 */
	Map<String, Duration> cpuTime() {
		Map<String, Duration> used = new LinkedHashMap<>();
		used.put("app-legacy", withChildren(this.legacy.toHandle()));
		used.put("app-llm", withChildren(this.llm.toHandle()));
		used.put("gateway", withChildren(this.gateway.toHandle()));
		// Not with its children: they are the applications.
		used.put("load generator", cpuTime(ProcessHandle.current()));
		return used;
	}

	/** The CPU time of the process and of the processes it started that still run. */
	private static Duration withChildren(ProcessHandle process) {
		return Stream.concat(Stream.of(process), process.descendants())
			.map(RunningSystem::cpuTime)
			.reduce(Duration.ZERO, Duration::plus);
	}

	private static Duration cpuTime(ProcessHandle process) {
		return process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/** The process id of app-llm. */
	long llmPid() {
		return this.llm.pid();
	}

	/** The process id of the gateway. */
	long gatewayPid() {
		return this.gateway.pid();
	}

	/** The base URI of the gateway's management port. */
	URI gatewayManagement() {
		return URI.create("http://localhost:" + this.gatewayManagementPort);
	}

	/** The OpenAI-compatible server app-llm's model {@code upstream} streams from. */
	ScriptedUpstream upstream() {
		return this.upstream;
	}

	/** Stops app-legacy gracefully and starts it again on the same port and data. */
	void restartLegacy() {
		stop(this.legacy);
		this.legacy = startLegacy();
		awaitHealthy("legacy", this.legacy, this.legacyPort);
	}

	/**
	 * Stops app-llm gracefully; {@link #startLlm()} starts it again on the same port and
	 * data.
	 */
	void stopLlm() {
		stop(this.llm);
	}

	/** Starts app-llm again after {@link #stopLlm()}. */
	void startLlm() {
		this.llm = startLlmProcess();
		awaitHealthy("llm", this.llm, this.llmManagementPort);
	}

	private void start() {
		placeOnCpus("load", ProcessHandle.current().pid());
		this.legacy = startLegacy();
		this.llm = startLlmProcess();
		this.gateway = launch("gateway", System.getProperty("banyan.jar.gateway"), withExtra("system.gateway.args",
				List.of("--server.port=" + this.gatewayPort, "--management.server.port=" + this.gatewayManagementPort,
						"--banyan.gateway.legacy-uri=http://localhost:" + this.legacyPort,
						"--banyan.gateway.llm-uri=http://localhost:" + this.llmPort,
						"--banyan.gateway.auth.internal-token=" + INTERNAL_TOKEN,
						"--banyan.gateway.auth.key-cache-ttl=" + System.getProperty("system.gateway.keyCacheTtl", "1s"),
						"--banyan.gateway.migration.poll-interval=500ms",
						// A tier small enough that one answer's tokens show in its
						// bucket.
						"--banyan.gateway.rate-limits.tiers.few-tokens.tokens-per-minute=1000")));
		awaitHealthy("legacy", this.legacy, this.legacyPort);
		awaitHealthy("llm", this.llm, this.llmManagementPort);
		awaitHealthy("gateway", this.gateway, this.gatewayManagementPort);
	}

	private Process startLlmProcess() {
		return launch("llm", System.getProperty("banyan.jar.llm"), withExtra("system.llm.args",
				List.of("--server.port=" + this.llmPort, "--management.server.port=" + this.llmManagementPort,
						"--banyan.database.embedded.data-directory=" + this.home.resolve("data/llm"),
						"--banyan.llm.stream.heartbeat=" + System.getProperty("system.llm.heartbeat", "300ms"),
						"--banyan.llm.providers.local.chunk-delay=5ms", "--banyan.llm.providers.upstream.type=openai",
						"--banyan.llm.providers.upstream.base-url=" + this.upstream.baseUrl() + "/v1",
						"--banyan.llm.models.upstream.targets[0].provider=upstream",
						"--banyan.llm.models.upstream.targets[0].model=scripted",
						// The streaming benchmark's upstreams: one streams at once, one
						// holds streams open.
						"--banyan.llm.providers.bench.type=openai",
						"--banyan.llm.providers.bench.base-url=" + this.streaming.baseUrl() + "/v1",
						"--banyan.llm.providers.bench.max-connections=" + BENCH_CONNECTIONS,
						"--banyan.llm.models.bench.targets[0].provider=bench",
						"--banyan.llm.models.bench.targets[0].model=bench", "--banyan.llm.providers.idle.type=openai",
						"--banyan.llm.providers.idle.base-url=" + this.streaming.baseUrl() + "/idle/v1",
						"--banyan.llm.providers.idle.max-connections=" + BENCH_CONNECTIONS,
						"--banyan.llm.models.idle.targets[0].provider=idle",
						"--banyan.llm.models.idle.targets[0].model=idle",
						"--banyan.llm.resilience.max-concurrent-calls-per-target=" + BENCH_CONNECTIONS,
						// A paid model for the budget tests: 1,000 per million tokens.
						"--banyan.llm.models.priced.targets[0].provider=bench",
						"--banyan.llm.models.priced.targets[0].model=bench",
						"--banyan.llm.models.priced.input-price-per-million=1000",
						"--banyan.llm.models.priced.output-price-per-million=1000",
						"--banyan.llm.models.priced.context-window=1000",
						"--banyan.llm.identity.internal-token=" + INTERNAL_TOKEN,
						"--banyan.llm.rag.internal-token=" + INTERNAL_TOKEN,
						"--banyan.llm.rag.legacy-uri=http://localhost:" + this.legacyPort,
						"--banyan.llm.rag.index-directory=" + this.home.resolve("data/llm-index"),
						"--banyan.llm.resilience.first-token-timeout="
								+ System.getProperty("system.llm.firstTokenTimeout", "30s"),
						"--banyan.llm.identity.jwks-uri=http://localhost:" + this.legacyPort + "/oauth2/jwks")));
	}

	private Process startLegacy() {
		return launch("legacy", System.getProperty("banyan.jar.legacy"), List.of("--server.port=" + this.legacyPort,
				"--banyan.database.embedded.data-directory=" + this.home.resolve("data/legacy"),
				"--banyan.first-start.admin-password=" + ADMIN_PASSWORD, "--banyan.first-start.demo-api-key=" + API_KEY,
				"--banyan.security.internal-token=" + INTERNAL_TOKEN, "--banyan.migration.gate-interval=2s",
				"--banyan.usage.llm-uri=http://localhost:" + this.llmPort,
				"--banyan.usage.internal-token=" + INTERNAL_TOKEN));
	}

	/**
	 * The arguments, and after them those in the system property (space-separated), for
	 * trying a setting in a benchmark without a rebuild.
	 */
	private static List<String> withExtra(String property, List<String> arguments) {
		String extra = System.getProperty(property, "").strip();
		if (extra.isEmpty()) {
			return arguments;
		}
		List<String> all = new ArrayList<>(arguments);
		all.addAll(List.of(extra.split("\\s+")));
		return all;
	}

	private Process launch(String name, String jar, List<String> arguments) {
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No jar for " + name + " at " + jar + "; run the build with 'verify'");
		}
		List<String> command = new ArrayList<>();
		String cpus = System.getProperty("system.cpus." + name);
		if (cpus != null) {
			// taskset runs java in its own process: the pid is the application's.
			command.addAll(List.of("taskset", "--cpu-list", cpus));
		}
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
		if (!name.equals("legacy")) {
			// As ./run starts them: the heap of the processes streams go through does
			// not shrink.
			command.add("-Xms512m");
		}
		// JVM options to try on one process (a collector, say), space-separated.
		String jvmOptions = System.getProperty("system." + name + ".jvmOptions", "").strip();
		if (!jvmOptions.isEmpty()) {
			command.addAll(List.of(jvmOptions.split("\\s+")));
		}
		command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-jar", jar));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.home.resolve(name + ".log").toFile()));
		Map<String, String> environment = builder.environment();
		// Each application must start its own embedded database here, whatever the CI
		// machine sets.
		environment.keySet().removeIf((key) -> key.startsWith("SPRING_DATASOURCE"));
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + name, ex);
		}
	}

	/**
	 * Where the processes run: "shared" when every one may use every CPU, or which CPUs
	 * each is confined to ({@code system.cpus.*}).
	 */
	static String cpuPlacement() {
		List<String> placed = Stream.of("load", "legacy", "llm", "gateway")
			.filter((name) -> System.getProperty("system.cpus." + name) != null)
			.map((name) -> name + " on CPU " + System.getProperty("system.cpus." + name))
			.toList();
		return placed.isEmpty() ? "every process on every CPU" : String.join(", ", placed);
	}

	/**
	 * Confines a running process, every thread it has and will start, to the CPUs named
	 * in {@code system.cpus.<name>} (Linux {@code taskset}), when set. With
	 * {@code system.cpus.legacy}, {@code system.cpus.llm} and {@code system.cpus.gateway}
	 * (applied at launch, children such as an embedded PostgreSQL included), a benchmark
	 * can give the gateway cores of its own, as a deployment would.
	 */
	private static void placeOnCpus(String name, long pid) {
		String cpus = System.getProperty("system.cpus." + name);
		if (cpus == null) {
			return;
		}
		try {
			Process taskset = new ProcessBuilder("taskset", "--all-tasks", "--cpu-list", "--pid", cpus,
					Long.toString(pid))
				.redirectErrorStream(true)
				.start();
			String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (taskset.waitFor() != 0) {
				throw new IllegalStateException("taskset failed for " + name + ": " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until the application reports itself ready: started, and its start-up work
	 * done.
	 */
	private void awaitHealthy(String name, Process process, int port) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log(name)
						+ "; its last lines:\n" + lastLines(name));
			}
			try {
				if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(Duration.ofMillis(250));
		}
		throw new IllegalStateException(name + " did not become healthy in 3 minutes; see " + log(name)
				+ "; its last lines:\n" + lastLines(name));
	}

	/** The end of the application's log, so that a failed start shows why on CI. */
	private String lastLines(String name) {
		try {
			List<String> lines = Files.readAllLines(log(name));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(the log cannot be read: " + ex + ")";
		}
	}

	private Path log(String name) {
		return this.home.resolve(name + ".log");
	}

	private void stop() {
		stop(this.gateway);
		stop(this.llm);
		stop(this.legacy);
		this.upstream.close();
		this.streaming.close();
	}

	private static void stop(Process process) {
		if (process == null || !process.isAlive()) {
			return;
		}
		// Its embedded PostgreSQL, which outlives a killed application and would keep the
		// next start from opening the same data.
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			for (ProcessHandle child : children) {
				if (child.isAlive()) {
					child.destroyForcibly();
					child.onExit().get(10, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("A process of the application did not end", ex);
		}
	}

	/**
	 * A port free now, below the ephemeral range. An application restarts on its port,
	 * and a port in the ephemeral range may meanwhile be the local end of any outgoing
	 * connection on the machine, which would make the restart fail.
	 */
	private static int freePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, FIRST_EPHEMERAL_PORT);
			if (HANDED_OUT.add(port) && isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException(
				"No free port between " + FIRST_PORT + " and " + FIRST_EPHEMERAL_PORT + " after 100 tries");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The lowest port of the ephemeral range, Linux's default where it cannot be read.
	 */
	private static int firstEphemeralPort() {
		try {
			// Not readString: it reads a file of /proc, which reports no size, short.
			int first = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
				.getFirst()
				.strip()
				.split("\\s+")[0]);
			return (first > 2_000) ? first : 32_768;
		}
		catch (IOException | RuntimeException ex) {
			return 32_768;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
