package banyan.legacy.migration.web;

import java.util.List;

import banyan.contracts.migration.MigrationRouteSettings;
import banyan.legacy.migration.Gate;
import banyan.legacy.migration.MigrationGates;
import banyan.legacy.migration.MigrationRoutes;
import banyan.legacy.problem.EntityTags;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The control plane's settings of endpoints under migration (ADR 14), for administrators;
 * each route carries its version as an {@code ETag}, and a write whose {@code If-Match}
 * names an older one is refused with 412. The gateway polls them at
 * {@code GET /internal/migrations}.
 */
@RestController
class MigrationSettingsController {

	private static final String ID = "[a-z0-9-]{1,64}";

	private final MigrationRoutes routes;

	private final MigrationGates gates;

	MigrationSettingsController(MigrationRoutes routes, MigrationGates gates) {
		this.routes = routes;
		this.gates = gates;
	}

	@GetMapping("/api/migrations")
	List<MigrationRouteSettings> all() {
		return this.routes.all();
	}

	@GetMapping("/api/migrations/{id}")
	ResponseEntity<MigrationRouteSettings> one(@PathVariable @Pattern(regexp = ID) String id) {
		return withETag(this.routes.find(id).orElseThrow(() -> notFound(id)));
	}

	@PutMapping("/api/migrations/{id}")
	ResponseEntity<MigrationRouteSettings> save(@PathVariable @Pattern(regexp = ID) String id,
			@Valid @RequestBody MigrationRouteRequest body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			Authentication actor) {
		if (!body.mirrorAllowed()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A route mirrors " + body.method()
					+ " only with \"mirrorUnsafeMethods\": true: app-llm receives those requests as well.");
		}
		MigrationRouteSettings change = new MigrationRouteSettings(id, body.method(), body.path(),
				body.mirrorPercentage(), orZero(body.noisePercentage()), body.cutoverWeight(),
				(body.ignore() != null) ? body.ignore() : List.of(),
				(body.unordered() != null) ? body.unordered() : List.of(), orZero(body.relativeTolerance()),
				orZero(body.absoluteTolerance()), (body.resultsPath() != null) ? body.resultsPath() : "",
				(body.idField() != null) ? body.idField() : "id", (body.k() != null) ? body.k() : 10, body.state(), 0);
		return withETag(this.routes.save(change, EntityTags.expectedVersion(ifMatch), actor.getName()));
	}

	/** The one switch back to app-legacy for every tenant. */
	@PostMapping("/api/migrations/{id}/rollback")
	ResponseEntity<MigrationRouteSettings> rollBack(@PathVariable @Pattern(regexp = ID) String id,
			Authentication actor) {
		return withETag(this.routes.rollBack(id, actor.getName()).orElseThrow(() -> notFound(id)));
	}

	@GetMapping("/api/migrations/{id}/gate")
	Gate gate(@PathVariable @Pattern(regexp = ID) String id) {
		this.routes.find(id).orElseThrow(() -> notFound(id));
		return this.routes.gate(id);
	}

	@PutMapping("/api/migrations/{id}/gate")
	Gate setGate(@PathVariable @Pattern(regexp = ID) String id, @Valid @RequestBody Gate gate, Authentication actor) {
		if (!this.routes.setGate(id, gate, actor.getName())) {
			throw notFound(id);
		}
		return gate;
	}

	/** The gate's decisions, newest first, with the figures behind each. */
	@GetMapping("/api/migrations/{id}/transitions")
	List<MigrationGates.Transition> transitions(@PathVariable @Pattern(regexp = ID) String id) {
		return this.gates.transitions(id);
	}

	@GetMapping("/api/migrations/{id}/audit")
	List<MigrationRoutes.AuditEntry> audit(@PathVariable @Pattern(regexp = ID) String id) {
		return this.routes.audit(id);
	}

	/** Internal: what the gateway polls. */
	@GetMapping("/internal/migrations")
	MigrationRouteSettings.Snapshot snapshot() {
		return this.routes.snapshot();
	}

	private static double orZero(@Nullable Double value) {
		return (value != null) ? value : 0;
	}

	private static ResponseEntity<MigrationRouteSettings> withETag(MigrationRouteSettings settings) {
		return ResponseEntity.ok().eTag("\"" + settings.version() + "\"").body(settings);
	}

	private static ResponseStatusException notFound(String id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no migrated route " + id + ".");
	}

}
