package banyan.legacy.migration.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import banyan.contracts.migration.MigrationRouteSettings;
import banyan.legacy.migration.Gate;
import banyan.legacy.migration.MigrationGates;
import banyan.legacy.migration.MigrationResults;
import banyan.legacy.migration.MigrationRoutes;
import banyan.legacy.problem.BackOfficePages;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The back-office pages of the migration control plane, for administrators: the routes
 * under migration, each one's report (samples, match and mismatch rates per field against
 * the noise, latencies, the latest mismatch samples with their diff), its settings and
 * gate as forms, the one switch back to app-legacy, and the gate's decisions and the
 * audit log. A settings form carries the version it was read at; saving over a newer one
 * is refused with the form kept.
 */
@Controller
@BackOfficePages
class MigrationPages {

	private static final String ID = "[a-z0-9][a-z0-9-]{0,63}";

	private final MigrationRoutes routes;

	private final MigrationResults results;

	private final MigrationGates gates;

	private final Clock clock;

	MigrationPages(MigrationRoutes routes, MigrationResults results, MigrationGates gates, Clock clock) {
		this.routes = routes;
		this.results = results;
		this.gates = gates;
		this.clock = clock;
	}

	@GetMapping("/admin/migrations")
	String list(Model model) {
		return list(model, RouteForm.newRoute());
	}

	@PostMapping("/admin/migrations")
	String create(@Valid @ModelAttribute("form") RouteForm form, BindingResult errors, Model model, Principal actor,
			RedirectAttributes redirect) {
		if (form.getId() == null || !form.getId().matches(ID)) {
			errors.rejectValue("id", "pattern", "must be 1 to 64 lowercase letters, digits or dashes");
		}
		else if (this.routes.find(form.getId()).isPresent()) {
			errors.rejectValue("id", "exists", "A route with this id exists already.");
		}
		unsafe(form, errors);
		if (errors.hasErrors()) {
			return list(model, form);
		}
		this.routes.save(form.settings(form.getId()), 0L, actor.getName());
		redirect.addFlashAttribute("notice", "Route registered. The gateway applies it within its poll interval.");
		return "redirect:/admin/migrations/" + form.getId();
	}

	@GetMapping("/admin/migrations/{id}")
	String show(@PathVariable String id, @RequestParam(defaultValue = "60") int minutes, Model model) {
		MigrationRouteSettings route = route(id);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", RouteForm.of(route));
		}
		if (!model.containsAttribute("gateForm")) {
			model.addAttribute("gateForm", GateForm.of(this.routes.gate(id)));
		}
		return page(route, minutes, model);
	}

	@PostMapping("/admin/migrations/{id}")
	String save(@PathVariable String id, @Valid @ModelAttribute("form") RouteForm form, BindingResult errors,
			Model model, Principal actor, RedirectAttributes redirect) {
		MigrationRouteSettings route = route(id);
		unsafe(form, errors);
		if (!errors.hasErrors()) {
			try {
				this.routes.save(form.settings(id), form.getVersion(), actor.getName());
				redirect.addFlashAttribute("notice",
						"Settings saved. The gateway applies them within its poll interval.");
				return "redirect:/admin/migrations/" + id;
			}
			catch (ErrorResponseException refused) {
				errors.reject("refused", (refused.getBody().getDetail() != null) ? refused.getBody().getDetail()
						: "The settings could not be saved.");
			}
		}
		model.addAttribute("gateForm", GateForm.of(this.routes.gate(id)));
		return page(route, 60, model);
	}

	@PostMapping("/admin/migrations/{id}/gate")
	String saveGate(@PathVariable String id, @Valid @ModelAttribute("gateForm") GateForm form, BindingResult errors,
			Model model, Principal actor, RedirectAttributes redirect) {
		MigrationRouteSettings route = route(id);
		List<Integer> schedule = form.schedule();
		if (!errors.hasFieldErrors("schedule")) {
			if (schedule.isEmpty() || schedule.size() > 20 || schedule.stream().anyMatch((step) -> step > 100)) {
				errors.rejectValue("schedule", "range", "must be 1 to 20 weights from 0 to 100");
			}
			else if (!schedule.equals(schedule.stream().sorted().distinct().toList())) {
				errors.rejectValue("schedule", "rising", "must rise, as in 0, 5, 25, 50, 100");
			}
		}
		if (errors.hasErrors()) {
			model.addAttribute("form", RouteForm.of(route));
			return page(route, 60, model);
		}
		this.routes.setGate(id, form.gate(), actor.getName());
		redirect.addFlashAttribute("notice", "Gate saved.");
		return "redirect:/admin/migrations/" + id;
	}

	/** The one switch back: every tenant to app-legacy at once. */
	@PostMapping("/admin/migrations/{id}/rollback")
	String rollBack(@PathVariable String id, Principal actor, RedirectAttributes redirect) {
		route(id);
		this.routes.rollBack(id, actor.getName());
		redirect.addFlashAttribute("notice",
				"Rolled back: every tenant goes to app-legacy as soon as the gateway polls (within seconds).");
		return "redirect:/admin/migrations/" + id;
	}

	private static void unsafe(RouteForm form, BindingResult errors) {
		if (!errors.hasFieldErrors("method") && !form.mirrorAllowed()) {
			errors.rejectValue("mirrorUnsafeMethods", "unsafe",
					"A route mirrors " + form.getMethod() + " only when you confirm app-llm may receive it as well.");
		}
	}

	private String list(Model model, RouteForm form) {
		model.addAttribute("form", form);
		model.addAttribute("routes", this.routes.all());
		return "admin/migrations";
	}

	private String page(MigrationRouteSettings route, int minutes, Model model) {
		int window = Math.clamp(minutes, 1, 10_080);
		Instant to = this.clock.instant();
		model.addAttribute("route", route);
		model.addAttribute("minutes", window);
		model.addAttribute("report", this.results.report(route.id(), to.minus(Duration.ofMinutes(window)), to,
				this.routes.gate(route.id()).thresholds()));
		model.addAttribute("transitions", this.gates.transitions(route.id()));
		model.addAttribute("audit", this.routes.audit(route.id()));
		return "admin/migration";
	}

	private MigrationRouteSettings route(String id) {
		return this.routes.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no migrated route " + id));
	}

	private static List<String> list(@Nullable String commaSeparated) {
		if (commaSeparated == null) {
			return List.of();
		}
		return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
	}

	private static String joined(List<?> items) {
		return String.join(", ", items.stream().map(String::valueOf).toList());
	}

	/** A route's settings, as the form shows them. */
	public static class RouteForm {

		private @Nullable String id;

		@NotNull
		@Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE", message = "must be GET, HEAD, POST, PUT, PATCH or DELETE")
		private String method = "GET";

		private boolean mirrorUnsafeMethods;

		@NotNull
		@Pattern(regexp = "/api/[A-Za-z0-9/_-]{1,190}", message = "must be a path under /api/")
		private String path = "";

		@NotNull
		@DecimalMin("0")
		@DecimalMax("100")
		private Double mirrorPercentage = 0.0;

		@NotNull
		@DecimalMin("0")
		@DecimalMax("100")
		private Double noisePercentage = 0.0;

		@NotNull
		@Min(0)
		@Max(100)
		private Integer cutoverWeight = 0;

		@Size(max = 2_000)
		private String ignore = "";

		@Size(max = 2_000)
		private String unordered = "";

		@NotNull
		@PositiveOrZero
		private Double relativeTolerance = 0.0;

		@NotNull
		@PositiveOrZero
		private Double absoluteTolerance = 0.0;

		@Size(max = 200)
		private String resultsPath = "";

		@NotNull
		@Size(min = 1, max = 64)
		private String idField = "id";

		@NotNull
		@Min(1)
		@Max(100)
		private Integer k = 10;

		@NotNull
		@Pattern(regexp = "shadow|progressing|paused|rolled-back|done",
				message = "must be shadow, progressing, paused, rolled-back or done")
		private String state = "shadow";

		private @Nullable Long version;

		static RouteForm newRoute() {
			return new RouteForm();
		}

		static RouteForm of(MigrationRouteSettings route) {
			RouteForm form = new RouteForm();
			form.setId(route.id());
			form.setMethod(route.method());
			form.setMirrorUnsafeMethods(!MigrationRouteSettings.readsOnly(route.method()));
			form.setPath(route.path());
			form.setMirrorPercentage(route.mirrorPercentage());
			form.setNoisePercentage(route.noisePercentage());
			form.setCutoverWeight(route.cutoverWeight());
			form.setIgnore(joined(route.ignore()));
			form.setUnordered(joined(route.unordered()));
			form.setRelativeTolerance(route.relativeTolerance());
			form.setAbsoluteTolerance(route.absoluteTolerance());
			form.setResultsPath(route.resultsPath());
			form.setIdField(route.idField());
			form.setK(route.k());
			form.setState(route.state());
			form.setVersion(route.version());
			return form;
		}

		MigrationRouteSettings settings(String id) {
			return new MigrationRouteSettings(id, this.method, this.path, this.mirrorPercentage, this.noisePercentage,
					this.cutoverWeight, list(this.ignore), list(this.unordered), this.relativeTolerance,
					this.absoluteTolerance, this.resultsPath, this.idField, this.k, this.state, 0);
		}

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		/**
		 * Whether the route may mirror its method: one that only reads, or the opt-in.
		 */
		boolean mirrorAllowed() {
			return MigrationRouteSettings.readsOnly(this.method) || this.mirrorUnsafeMethods;
		}

		public boolean isMirrorUnsafeMethods() {
			return this.mirrorUnsafeMethods;
		}

		public void setMirrorUnsafeMethods(boolean mirrorUnsafeMethods) {
			this.mirrorUnsafeMethods = mirrorUnsafeMethods;
		}

		public String getMethod() {
			return this.method;
		}

		public void setMethod(String method) {
			this.method = method;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Double getMirrorPercentage() {
			return this.mirrorPercentage;
		}

		public void setMirrorPercentage(Double mirrorPercentage) {
			this.mirrorPercentage = mirrorPercentage;
		}

		public Double getNoisePercentage() {
			return this.noisePercentage;
		}

		public void setNoisePercentage(Double noisePercentage) {
			this.noisePercentage = noisePercentage;
		}

		public Integer getCutoverWeight() {
			return this.cutoverWeight;
		}

		public void setCutoverWeight(Integer cutoverWeight) {
			this.cutoverWeight = cutoverWeight;
		}

		public String getIgnore() {
			return this.ignore;
		}

		public void setIgnore(String ignore) {
			this.ignore = ignore;
		}

		public String getUnordered() {
			return this.unordered;
		}

		public void setUnordered(String unordered) {
			this.unordered = unordered;
		}

		public Double getRelativeTolerance() {
			return this.relativeTolerance;
		}

		public void setRelativeTolerance(Double relativeTolerance) {
			this.relativeTolerance = relativeTolerance;
		}

		public Double getAbsoluteTolerance() {
			return this.absoluteTolerance;
		}

		public void setAbsoluteTolerance(Double absoluteTolerance) {
			this.absoluteTolerance = absoluteTolerance;
		}

		public String getResultsPath() {
			return this.resultsPath;
		}

		public void setResultsPath(String resultsPath) {
			this.resultsPath = resultsPath;
		}

		public String getIdField() {
			return this.idField;
		}

		public void setIdField(String idField) {
			this.idField = idField;
		}

		public Integer getK() {
			return this.k;
		}

		public void setK(Integer k) {
			this.k = k;
		}

		public String getState() {
			return this.state;
		}

		public void setState(String state) {
			this.state = state;
		}

		public @Nullable Long getVersion() {
			return this.version;
		}

		public void setVersion(@Nullable Long version) {
			this.version = version;
		}

	}

	/** A route's gate, as the form shows it. */
	public static class GateForm {

		@NotNull
		@Pattern(regexp = "\\s*\\d{1,3}(\\s*,\\s*\\d{1,3})*\\s*", message = "must be weights separated by commas")
		private String schedule = "0, 5, 25, 50, 100";

		@NotNull
		@Min(1)
		@Max(10_080)
		private Integer windowMinutes = 60;

		@NotNull
		@Min(1)
		@Max(1_000_000)
		private Integer minSamples = 50;

		@NotNull
		@DecimalMin("0")
		@DecimalMax("1")
		private Double maxMismatchRate = 0.05;

		@NotNull
		@DecimalMin("0")
		@DecimalMax("1")
		private Double maxErrorRate = 0.01;

		@NotNull
		@Min(1)
		@Max(600_000)
		private Long maxP95Millis = 1_000L;

		@NotNull
		@DecimalMin("0")
		@DecimalMax("1")
		private Double fieldAbsoluteThreshold = 0.03;

		@NotNull
		@DecimalMin("0")
		@DecimalMax("100")
		private Double fieldRelativeThreshold = 0.2;

		static GateForm of(Gate gate) {
			GateForm form = new GateForm();
			form.setSchedule(joined(gate.schedule()));
			form.setWindowMinutes(gate.windowMinutes());
			form.setMinSamples(gate.minSamples());
			form.setMaxMismatchRate(gate.maxMismatchRate());
			form.setMaxErrorRate(gate.maxErrorRate());
			form.setMaxP95Millis(gate.maxP95Millis());
			form.setFieldAbsoluteThreshold(gate.fieldAbsoluteThreshold());
			form.setFieldRelativeThreshold(gate.fieldRelativeThreshold());
			return form;
		}

		List<Integer> schedule() {
			return list(this.schedule).stream().map(Integer::valueOf).toList();
		}

		Gate gate() {
			return new Gate(schedule(), this.windowMinutes, this.minSamples, this.maxMismatchRate, this.maxErrorRate,
					this.maxP95Millis, this.fieldAbsoluteThreshold, this.fieldRelativeThreshold);
		}

		public String getSchedule() {
			return this.schedule;
		}

		public void setSchedule(String schedule) {
			this.schedule = schedule;
		}

		public Integer getWindowMinutes() {
			return this.windowMinutes;
		}

		public void setWindowMinutes(Integer windowMinutes) {
			this.windowMinutes = windowMinutes;
		}

		public Integer getMinSamples() {
			return this.minSamples;
		}

		public void setMinSamples(Integer minSamples) {
			this.minSamples = minSamples;
		}

		public Double getMaxMismatchRate() {
			return this.maxMismatchRate;
		}

		public void setMaxMismatchRate(Double maxMismatchRate) {
			this.maxMismatchRate = maxMismatchRate;
		}

		public Double getMaxErrorRate() {
			return this.maxErrorRate;
		}

		public void setMaxErrorRate(Double maxErrorRate) {
			this.maxErrorRate = maxErrorRate;
		}

		public Long getMaxP95Millis() {
			return this.maxP95Millis;
		}

		public void setMaxP95Millis(Long maxP95Millis) {
			this.maxP95Millis = maxP95Millis;
		}

		public Double getFieldAbsoluteThreshold() {
			return this.fieldAbsoluteThreshold;
		}

		public void setFieldAbsoluteThreshold(Double fieldAbsoluteThreshold) {
			this.fieldAbsoluteThreshold = fieldAbsoluteThreshold;
		}

		public Double getFieldRelativeThreshold() {
			return this.fieldRelativeThreshold;
		}

		public void setFieldRelativeThreshold(Double fieldRelativeThreshold) {
			this.fieldRelativeThreshold = fieldRelativeThreshold;
		}

	}

}
