package banyan.gateway.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * @param failures what those were: {@code status 503}, or the exception's class, with how
 * many
 */
record Latencies(Histogram histogram, Duration duration, long errors, Map<String, Long> failures) {

	/** One client's request; answers the status code. */
	@FunctionalInterface
	interface Call {

		int send() throws Exception;

	}

	/** Runs each client on a virtual thread of its own, one request after another. */
	static Latencies measure(List<? extends Call> clients, Duration duration) throws InterruptedException {
		Recorder recorder = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		Map<String, Long> failures = new ConcurrentHashMap<>();
		long deadline = System.nanoTime() + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (Call client : clients) {
			threads.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < deadline) {
					long start = System.nanoTime();
					try {
						int status = client.send();
						if (status != 200) {
							errors.incrementAndGet();
							failures.merge("status " + status, 1L, Long::sum);
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
						failures.merge(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1L, Long::sum);
					}
					recorder.recordValue((System.nanoTime() - start) / 1_000);
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return new Latencies(recorder.getIntervalHistogram(), duration, errors.get(), Map.copyOf(failures));
	}

	/**
	 * Sends requests at a fixed rate whatever the answers' pace (an open loop), each on a
	 * virtual thread of its own, and takes each latency from when the request was due, so
	 * a stall counts for every request it held up.
	 * @param calls the call for the n-th request
	 */
	static Latencies measureAtRate(java.util.function.IntFunction<? extends Call> calls, double perSecond,
			Duration duration) throws InterruptedException {
		Recorder recorder = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		Map<String, Long> failures = new ConcurrentHashMap<>();
		long interval = (long) (1_000_000_000L / perSecond);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int n = 0;; n++) {
			long due = start + n * interval;
			if (due >= end) {
				break;
			}
			long wait = due - System.nanoTime();
			if (wait > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait);
			}
			Call call = calls.apply(n);
			threads.add(Thread.ofVirtual().start(() -> {
				try {
					int status = call.send();
					if (status != 200) {
						errors.incrementAndGet();
						failures.merge("status " + status, 1L, Long::sum);
					}
				}
				catch (Exception ex) {
					errors.incrementAndGet();
					failures.merge(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1L, Long::sum);
				}
				recorder.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return new Latencies(recorder.getIntervalHistogram(), duration, errors.get(), Map.copyOf(failures));
	}

	static Latencies empty() {
		return new Latencies(new Histogram(3), Duration.ZERO, 0, Map.of());
	}

	Latencies plus(Latencies other) {
		Histogram sum = this.histogram.copy();
		sum.add(other.histogram);
		Map<String, Long> failures = new HashMap<>(this.failures);
		other.failures.forEach((failure, count) -> failures.merge(failure, count, Long::sum));
		return new Latencies(sum, this.duration.plus(other.duration), this.errors + other.errors, Map.copyOf(failures));
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
