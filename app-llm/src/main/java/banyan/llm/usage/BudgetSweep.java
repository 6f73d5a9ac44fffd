package banyan.llm.usage;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases reservations that were never settled (their request's process died), so a
 * crash does not shrink a budget for good. Safe on several replicas at once.
 */
@Component
class BudgetSweep {

	private static final Logger log = LoggerFactory.getLogger(BudgetSweep.class);

	private final BudgetCounters counters;

	private final UsageSettings settings;

	private final Clock clock;

	BudgetSweep(BudgetCounters counters, UsageSettings settings, Clock clock) {
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${banyan.llm.usage.sweep-interval:1m}",
			initialDelayString = "${banyan.llm.usage.sweep-interval:1m}")
	Mono<Void> releaseExpiredHolds() {
		return this.counters.releaseExpired(this.clock.instant().minus(this.settings.holdTimeout()))
			.doOnNext((released) -> {
				if (released > 0) {
					log.warn("Released {} budget reservations that were not settled within {}", released,
							this.settings.holdTimeout());
				}
			})
			.onErrorResume((failure) -> {
				log.warn("Could not release expired budget reservations: {}", failure.getMessage());
				return Mono.empty();
			})
			.then();
	}

}
