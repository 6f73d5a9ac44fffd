package banyan.gateway.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a benchmark's clients saw over some seconds of load: latencies in microseconds,
 * and the requests that failed or did not answer 200.
 *
 * @param histogram the latencies, in microseconds
 * @param duration how long the load ran
 * @param errors the requests that failed or answered another status
 */
record Latencies(Histogram histogram, Duration duration, long errors) {

	/** One client's request; answers the status code. */
	@FunctionalInterface
	interface Call {

		int send() throws Exception;

	}

	/** Runs each client on a virtual thread of its own, one request after another. */
	static Latencies measure(List<? extends Call> clients, Duration duration) throws InterruptedException {
		Recorder recorder = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		long deadline = System.nanoTime() + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (Call client : clients) {
			threads.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < deadline) {
					long start = System.nanoTime();
					try {
						if (client.send() != 200) {
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
		for (Thread thread : threads) {
			thread.join();
		}
		return new Latencies(recorder.getIntervalHistogram(), duration, errors.get());
	}

	static Latencies empty() {
		return new Latencies(new Histogram(3), Duration.ZERO, 0);
	}

	Latencies plus(Latencies other) {
		Histogram sum = this.histogram.copy();
		sum.add(other.histogram);
		return new Latencies(sum, this.duration.plus(other.duration), this.errors + other.errors);
	}

	long requests() {
		return this.histogram.getTotalCount();
	}

	double throughput() {
		return requests() / (this.duration.toMillis() / 1000.0);
	}

	double p50() {
		return this.histogram.getValueAtPercentile(50) / 1000.0;
	}

	double p99() {
		return this.histogram.getValueAtPercentile(99) / 1000.0;
	}

}
