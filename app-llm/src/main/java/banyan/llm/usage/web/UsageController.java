package banyan.llm.usage.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import banyan.contracts.usage.UsageReport;
import banyan.llm.identity.Caller;
import banyan.llm.usage.UsageLedger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Usage from the ledger: a tenant's own at {@code GET /v1/usage} (with its API key), any
 * tenant's at {@code GET /internal/usage} for the back office (with the internal token;
 * never routed by the gateway). {@code from} and {@code to} are UTC days, inclusive, at
 * most {@value #MAX_DAYS} days apart; by default the current month so far.
 */
@RestController
class UsageController {

	static final int MAX_DAYS = 366;

	private final UsageLedger ledger;

	private final Clock clock;

	UsageController(UsageLedger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@GetMapping("/v1/usage")
	Mono<UsageReport> own(@AuthenticationPrincipal Caller caller,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
		return report(caller.tenant(), from, to);
	}

	@GetMapping("/internal/usage")
	Mono<UsageReport> tenant(@RequestParam String tenant,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
		if (tenant.isBlank() || tenant.length() > 64) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "tenant must be a tenant id.");
		}
		return report(tenant, from, to);
	}

	private Mono<UsageReport> report(String tenant, @Nullable LocalDate from, @Nullable LocalDate to) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate last = (to != null) ? to : today;
		LocalDate first = (from != null) ? from : last.withDayOfMonth(1);
		if (first.isAfter(last)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must not be after to.");
		}
		if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A report covers at most " + MAX_DAYS + " days.");
		}
		return this.ledger.report(tenant, first, last);
	}

}
