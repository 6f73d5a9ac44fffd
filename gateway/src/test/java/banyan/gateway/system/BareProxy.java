package banyan.gateway.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The least a reverse proxy on the JVM can do, as a floor for the cost of the gateway and
 * app-llm in the benchmarks: Reactor Netty's server and client (their own transport)
 * passing each request and response through unchanged, streamed, with no routing,
 * filters, headers of its own, metrics or observations. Runs in a JVM of its own
 * ({@link #start}); {@code main} takes the upstream's base URI and prints
 * {@code port=<n>} once it listens on the loopback interface.
 */
public final class BareProxy {

	private BareProxy() {
	}

	public static void main(String[] args) {
		HttpClient client = HttpClient.create(ConnectionProvider.create("bare-proxy", 8_000)).baseUrl(args[0]);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> client.headers((headers) -> headers.set(request.requestHeaders()))
				.request(request.method())
				.uri(request.uri())
				.send(request.receive().retain())
				.response((answer,
						body) -> response.status(answer.status()).headers(answer.responseHeaders()).send(body.retain()))
				.then())
			.bindNow();
		System.out.println("port=" + server.port());
		server.onDispose().block();
	}

	/**
	 * Starts a proxy to {@code upstream} in a JVM of its own, started as the gateway is
	 * (the same heap; on the gateway's CPUs when {@code system.cpus.gateway} places it),
	 * and waits until it listens.
	 */
	static Running start(URI upstream) throws IOException {
		List<String> command = new ArrayList<>();
		String cpus = System.getProperty("system.cpus.gateway");
		if (cpus != null) {
			command.addAll(List.of("taskset", "--cpu-list", cpus));
		}
		command
			.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m",
					"-cp", System.getProperty("java.class.path"), BareProxy.class.getName(), upstream.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		for (String line = output.readLine(); line != null; line = output.readLine()) {
			if (line.startsWith("port=")) {
				// What it prints later (a failure) is passed on.
				Thread.ofVirtual().start(() -> output.lines().forEach(System.out::println));
				return new Running(process, URI.create("http://127.0.0.1:" + line.substring("port=".length())));
			}
			System.out.println(line);
		}
		throw new IllegalStateException("The bare proxy ended before it listened");
	}

	/**
	 * A proxy started by {@link #start}.
	 *
	 * @param process its JVM
	 * @param uri where it listens
	 */
	record Running(Process process, URI uri) implements AutoCloseable {

		/** The CPU time its JVM has used so far. */
		Duration cpuTime() {
			return this.process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			this.process.waitFor();
		}

	}

}
