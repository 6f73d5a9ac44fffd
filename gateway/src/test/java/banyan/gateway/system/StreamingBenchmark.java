package banyan.gateway.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway and app-llm add to a streamed answer, and what an open stream costs.
 * <p>
 * A local OpenAI-compatible upstream streams {@value #DESCRIPTION}. Clients (Reactor
 * Netty) ask it for streams straight, and through gateway + app-llm
 * ({@code /v1/chat/completions} with an API key, so edge authentication, token
 * verification and the whole pipeline are included), in alternating rounds at each
 * concurrency, closed loop, the clients' first requests spread over one stream's length.
 * A third path goes through two {@link BareProxy bare Reactor Netty proxies}, as many
 * hops on the same transport with nothing else: the floor for what two JVM hops add on
 * this machine. Prints time to first token and total time (p50, p99) for each and their
 * difference, and throughput. Then it opens idle streams through the gateway
 * ({@code /chat/stream} to an upstream that holds them), measures heap after GC in
 * app-llm and the gateway per 1,000 open streams, and holds {@value #IDLE_DEFAULT} in
 * app-llm's 512 MB heap. Writes {@code target/benchmarks/streaming.md}. Run with the
 * {@code benchmark} profile; nothing here is a unit-test threshold.
 */
class StreamingBenchmark {

	static final String DESCRIPTION = "N content chunks a fixed delay apart";

	static final int IDLE_DEFAULT = 5_000;

	private static final List<Integer> CONCURRENCY = Stream
		.of(Integer.getInteger("benchmark.lowStreams", 50), Integer.getInteger("benchmark.highStreams", 200))
		.distinct()
		.toList();

	private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmupSeconds", 60));

	private static final Duration ROUND = Duration.ofSeconds(Long.getLong("benchmark.roundSeconds", 15));

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	private static final int IDLE_STREAMS = Integer.getInteger("benchmark.idleStreams", IDLE_DEFAULT);

	private static final String BODY = "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\","
			+ "\"content\":\"Summarise the delivery policy.\"}]}";

	/**
	 * The floor path: two {@link BareProxy Reactor Netty proxies} one behind the other,
	 * as many hops as the gateway and app-llm, and nothing else.
	 */
	private static final String BARE = "two bare proxies";

	private final RunningSystem system = RunningSystem.get();

	private List<BareProxy.Running> bareProxies = List.of();

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient
		.create(ConnectionProvider.builder("benchmark").maxConnections(8_000).pendingAcquireMaxCount(-1).build())
		.responseTimeout(Duration.ofMinutes(10));

	@Test
	void measuresStreamingThroughGatewayAndAppLlm() throws Exception {
		// The floor for two hops on the JVM: client -> outer -> inner -> upstream.
		try (BareProxy.Running inner = BareProxy.start(URI.create(this.system.streaming().baseUrl()));
				BareProxy.Running outer = BareProxy.start(inner.uri())) {
			this.bareProxies = List.of(inner, outer);
			measure(new Target(BARE, outer.uri().resolve("/v1/chat/completions"), null));
		}
	}

	private void measure(Target bare) throws Exception {
		Target direct = new Target("direct", URI.create(this.system.streaming().baseUrl() + "/v1/chat/completions"),
				null);
		Target through = new Target("gateway + app-llm", this.system.gateway().resolve("/v1/chat/completions"),
				"Bearer " + RunningSystem.API_KEY);
		StringBuilder report = new StringBuilder("""
				| streams | path | streams/s | first token p50 ms | p99 ms | total p50 ms | p99 ms | errors |
				|---|---|---|---|---|---|---|---|
				""");
		StringBuilder cost = new StringBuilder(
				"""
						| streams | path | CPU ms per stream: app-llm and its database | gateway | bare proxies | load generator, upstream |
						|---|---|---|---|---|---|
						""");
		List<String> added = new ArrayList<>();
		long errors = 0;
		for (int concurrency : CONCURRENCY) {
			run(direct, concurrency, WARM_UP);
			run(through, concurrency, WARM_UP);
			run(bare, concurrency, WARM_UP);
			Result straight = Result.empty();
			Result gateway = Result.empty();
			Result floor = Result.empty();
			for (int round = 0; round < ROUNDS; round++) {
				straight = straight.plus(run(direct, concurrency, ROUND));
				gateway = gateway.plus(run(through, concurrency, ROUND));
				floor = floor.plus(run(bare, concurrency, ROUND));
			}
			report.append(straight.row(concurrency, direct.name))
				.append(gateway.row(concurrency, through.name))
				.append(floor.row(concurrency, bare.name));
			cost.append(straight.cpuRow(concurrency, direct.name))
				.append(gateway.cpuRow(concurrency, through.name))
				.append(floor.cpuRow(concurrency, bare.name));
			added.add(String.format(Locale.ROOT,
					"- %d concurrent streams: added time to first token p50 %+.2f ms, p99 %+.2f ms; added total "
							+ "p50 %+.2f ms, p99 %+.2f ms; throughput %.1f%% of direct. Through two bare proxies: "
							+ "added time to first token p50 %+.2f ms, p99 %+.2f ms",
					concurrency, gateway.ttft(50) - straight.ttft(50), gateway.ttft(99) - straight.ttft(99),
					gateway.total(50) - straight.total(50), gateway.total(99) - straight.total(99),
					100.0 * gateway.throughput() / straight.throughput(), floor.ttft(50) - straight.ttft(50),
					floor.ttft(99) - straight.ttft(99)));
			errors += straight.errors + gateway.errors + floor.errors;
		}
		String streaming = report + "\n" + String.join("\n", added) + "\n\nCPU time per stream (each process's CPU "
				+ "time over the rounds, divided by the streams completed):\n\n" + cost + "\n"
				+ String.format(Locale.ROOT,
						"Upstream: %d chunks %d ms apart (first at once). %d rounds of %d s per path and concurrency "
								+ "after %d s of warm-up each; app-llm, the gateway and the bare proxies with -Xms512m -Xmx512m; %d cores (%s).%n",
						StreamingUpstream.CHUNKS, StreamingUpstream.CHUNK_DELAY.toMillis(), ROUNDS, ROUND.toSeconds(),
						WARM_UP.toSeconds(), RunningSystem.MACHINE_CPUS, RunningSystem.cpuPlacement());
		// Printed at once, so the figures survive a failure of the idle-stream part.
		System.out.println("\n=== Streaming through gateway and app-llm ===\n" + streaming);
		Path out = Path.of("target", "benchmarks", "streaming.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, streaming);
		String idle = idleStreams();
		System.out.println("\n=== Open idle streams ===\n" + idle);
		Files.writeString(out, streaming + "\n" + idle);
		assertThat(errors).as("failed streams (see the errors column)").isZero();
	}

	private Result run(Target target, int concurrency, Duration duration) {
		Histogram firstToken = new ConcurrentHistogram(3);
		Histogram total = new ConcurrentHistogram(3);
		AtomicLong errors = new AtomicLong();
		Map<String, Duration> cpuBefore = cpuTime();
		long started = System.nanoTime();
		long deadline = started + duration.toNanos();
		// The clients start one after another over one stream's length, as a population
		// of
		// clients does, not all in the same instant: every stream lasts about as long, so
		// clients started together would stay together, and each round would measure a
		// burst of `concurrency` requests every stream length instead of a steady stream.
		Duration spacing = StreamingUpstream.CHUNK_DELAY.multipliedBy(StreamingUpstream.CHUNKS).dividedBy(concurrency);
		Flux.range(0, concurrency)
			.flatMap((worker) -> Mono.delay(spacing.multipliedBy(worker))
				.thenMany(Mono.defer(() -> stream(target)).doOnNext((sample) -> {
					firstToken.recordValue(sample.firstTokenMicros);
					total.recordValue(sample.totalMicros);
				}).onErrorResume((failure) -> {
					errors.incrementAndGet();
					return Mono.empty();
				}).repeat(() -> System.nanoTime() < deadline)), concurrency)
			.blockLast(duration.plusMinutes(2));
		return new Result(firstToken, total, Duration.ofNanos(System.nanoTime() - started), errors.get(),
				CpuUse.between(cpuBefore, cpuTime()));
	}

	/** CPU time so far per process, the bare proxies' together. */
	private Map<String, Duration> cpuTime() {
		Map<String, Duration> used = new LinkedHashMap<>(this.system.cpuTime());
		used.put(BARE, this.bareProxies.stream().map(BareProxy.Running::cpuTime).reduce(Duration.ZERO, Duration::plus));
		return used;
	}

	/** One streamed answer: time to its first content chunk, and to its end. */
	private Mono<Sample> stream(Target target) {
		long start = System.nanoTime();
		AtomicLong firstToken = new AtomicLong(-1);
		AtomicBoolean done = new AtomicBoolean();
		// A marker may be split between two buffers: look at the end of the previous one
		// too.
		StringBuilder previous = new StringBuilder();
		return this.http.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			if (target.authorization != null) {
				headers.set(HttpHeaderNames.AUTHORIZATION, target.authorization);
			}
		})
			.post()
			.uri(target.uri)
			.send(ByteBufFlux.fromString(Mono.just(BODY.formatted("bench", true))))
			.response((response, content) -> {
				if (response.status().code() != 200) {
					return content.then(Mono.error(new IllegalStateException("HTTP " + response.status())));
				}
				return content.asString().doOnNext((received) -> {
					String text = previous + received;
					if (firstToken.get() < 0 && text.contains("tok")) {
						firstToken.set(System.nanoTime());
					}
					if (text.contains("[DONE]")) {
						done.set(true);
					}
					previous.setLength(0);
					previous.append(text, Math.max(0, text.length() - 8), text.length());
				}).then(Mono.fromCallable(() -> {
					if (!done.get() || firstToken.get() < 0) {
						throw new IllegalStateException("The stream ended without its answer");
					}
					long end = System.nanoTime();
					return new Sample((firstToken.get() - start) / 1_000, (end - start) / 1_000);
				}));
			})
			.next();
	}

	/**
	 * Opens idle streams through the gateway and measures the heap they take in app-llm
	 * and the gateway.
	 */
	private String idleStreams() throws Exception {
		if (IDLE_STREAMS <= 0) {
			return "";
		}
		List<Disposable> streams = Collections.synchronizedList(new ArrayList<>());
		try {
			long llmBefore = heapAfterGc(this.system.llmPid(), this.system.llmManagement());
			long gatewayBefore = heapAfterGc(this.system.gatewayPid(), this.system.gatewayManagement());
			int first = Math.min(1_000, IDLE_STREAMS);
			long opened = open(first, streams);
			awaitUpstreamHolding(first);
			long llmAtFirst = heapAfterGc(this.system.llmPid(), this.system.llmManagement());
			long gatewayAtFirst = heapAfterGc(this.system.gatewayPid(), this.system.gatewayManagement());
			opened += open(IDLE_STREAMS - first, streams);
			awaitUpstreamHolding(IDLE_STREAMS);
			long llmAtAll = heapAfterGc(this.system.llmPid(), this.system.llmManagement());
			long gatewayAtAll = heapAfterGc(this.system.gatewayPid(), this.system.gatewayManagement());
			double llmPerThousand = (llmAtAll - llmBefore) / (IDLE_STREAMS / 1000.0) / (1024 * 1024);
			double gatewayPerThousand = (gatewayAtAll - gatewayBefore) / (IDLE_STREAMS / 1000.0) / (1024 * 1024);
			assertThat(opened).as("idle streams that started").isEqualTo(IDLE_STREAMS);
			return String.format(Locale.ROOT, """
					Open idle streams (/chat/stream through the gateway, upstream silent; heap used after a full GC):

					| open streams | app-llm heap MB | gateway heap MB |
					|---|---|---|
					| 0 | %.1f | %.1f |
					| %d | %.1f | %.1f |
					| %d | %.1f | %.1f |

					- memory per 1,000 open streams: app-llm %.1f MB, gateway %.1f MB (measured over %d streams)
					- app-llm held %d open streams in its 512 MB heap: %s
					""", mb(llmBefore), mb(gatewayBefore), first, mb(llmAtFirst), mb(gatewayAtFirst), IDLE_STREAMS,
					mb(llmAtAll), mb(gatewayAtAll), llmPerThousand, gatewayPerThousand, IDLE_STREAMS, IDLE_STREAMS,
					(opened == IDLE_STREAMS && this.system.streaming().openIdleStreams() >= IDLE_STREAMS)
							? "yes, every one started and reached the upstream" : "no");
		}
		finally {
			streams.forEach(Disposable::dispose);
			// Closing the clients cancels every provider call.
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (this.system.streaming().openIdleStreams() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
		}
	}

	/**
	 * Opens streams, returning how many reached their {@code start} event within a
	 * minute; the others are counted by what happened to them and printed.
	 */
	private long open(int count, List<Disposable> streams) {
		Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
		long started = Flux.range(0, count).flatMap((index) -> {
			Sinks.One<String> outcome = Sinks.one();
			streams.add(this.http.headers((headers) -> {
				headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
				headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + RunningSystem.API_KEY);
			})
				.post()
				.uri(this.system.gateway().resolve("/chat/stream"))
				.send(ByteBufFlux.fromString(Mono.just(BODY.formatted("idle", false))))
				.response((response, content) -> {
					if (response.status().code() != 200) {
						outcome.tryEmitValue("HTTP " + response.status().code());
					}
					StringBuilder seen = new StringBuilder();
					return content.asString().doOnNext((text) -> {
						// An event may arrive split over several buffers.
						if (seen.length() < 256) {
							seen.append(text);
						}
						if (seen.indexOf("event:start") >= 0) {
							outcome.tryEmitValue("started");
						}
					});
				})
				.subscribe((text) -> {
				}, (failure) -> outcome.tryEmitValue(failure.getClass().getSimpleName()),
						() -> outcome.tryEmitValue("ended before start")));
			return outcome.asMono().timeout(Duration.ofSeconds(60), Mono.just("no start within 60 s"));
		}, 250).filter((outcome) -> {
			if (outcome.equals("started")) {
				return true;
			}
			failures.computeIfAbsent(outcome, (key) -> new AtomicLong()).incrementAndGet();
			return false;
		}).count().block(Duration.ofMinutes(10));
		if (!failures.isEmpty()) {
			System.out.println("Idle streams that did not start: " + failures);
		}
		return started;
	}

	private void awaitUpstreamHolding(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (this.system.streaming().openIdleStreams() < count && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
	}

	/** Heap used by the process after a full GC, from its metrics. */
	private long heapAfterGc(long pid, URI management) throws IOException, InterruptedException {
		Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid), "GC.run")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(gc.waitFor()).as("jcmd GC.run").isZero();
		String body = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest
				.newBuilder(management.resolve("/actuator/metrics/jvm.memory.used?tag=area:heap"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
		return (long) this.json.readTree(body).path("measurements").get(0).path("value").asDouble();
	}

	private static double mb(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

	private record Target(String name, URI uri, String authorization) {
	}

	private record Sample(long firstTokenMicros, long totalMicros) {
	}

	/**
	 * @param cpu the CPU time each process used while the streams ran
	 */
	private record Result(Histogram firstToken, Histogram total, Duration duration, long errors, CpuUse cpu) {

		static Result empty() {
			return new Result(new Histogram(3), new Histogram(3), Duration.ZERO, 0, CpuUse.NONE);
		}

		Result plus(Result other) {
			Histogram first = this.firstToken.copy();
			first.add(other.firstToken);
			Histogram all = this.total.copy();
			all.add(other.total);
			return new Result(first, all, this.duration.plus(other.duration), this.errors + other.errors,
					this.cpu.plus(other.cpu));
		}

		String cpuRow(int concurrency, String path) {
			return String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %.2f |%n", concurrency, path,
					cpuPerStream("app-llm"), cpuPerStream("gateway"), cpuPerStream(BARE),
					cpuPerStream("load generator"));
		}

		private double cpuPerStream(String process) {
			return this.cpu.millisPer(process, this.total.getTotalCount());
		}

		double throughput() {
			return this.total.getTotalCount() / (this.duration.toMillis() / 1000.0);
		}

		double ttft(double percentile) {
			return this.firstToken.getValueAtPercentile(percentile) / 1000.0;
		}

		double total(double percentile) {
			return this.total.getValueAtPercentile(percentile) / 1000.0;
		}

		String row(int concurrency, String path) {
			return String.format(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %d |%n", concurrency,
					path, throughput(), ttft(50), ttft(99), total(50), total(99), this.errors);
		}

	}

}
