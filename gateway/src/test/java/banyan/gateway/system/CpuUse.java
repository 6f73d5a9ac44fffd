package banyan.gateway.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time each process of the {@link RunningSystem} used over some benchmark rounds:
 * what a request costs each one, a figure less noisy than latency on shared cores.
 *
 * @param used CPU time per process name
 */
record CpuUse(Map<String, Duration> used) {

	static final CpuUse NONE = new CpuUse(Map.of());

	/** What each process used from {@code before} to {@code after}. */
	static CpuUse between(Map<String, Duration> before, Map<String, Duration> after) {
		Map<String, Duration> used = new LinkedHashMap<>();
		after.forEach((process, total) -> used.put(process, total.minus(before.getOrDefault(process, Duration.ZERO))));
		return new CpuUse(used);
	}

	CpuUse plus(CpuUse other) {
		Map<String, Duration> sum = new LinkedHashMap<>(this.used);
		other.used.forEach((process, time) -> sum.merge(process, time, Duration::plus));
		return new CpuUse(sum);
	}

	/** Milliseconds of CPU the process used per one of {@code count} things done. */
	double millisPer(String process, long count) {
		return this.used.getOrDefault(process, Duration.ZERO).toNanos() / 1e6 / Math.max(1, count);
	}

}
