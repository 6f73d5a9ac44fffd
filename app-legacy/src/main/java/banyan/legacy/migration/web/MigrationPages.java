package banyan.legacy.migration.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import banyan.contracts.migration.MigrationRouteSettings;
import banyan.legacy.migration.Gate;
import banyan.legacy.migration.MigrationGates;
import banyan.legacy.migration.MigrationResults;
import banyan.legacy.migration.MigrationRoutes;
import banyan.legacy.problem.BackOfficePages;
import banyan.legacy.problem.KnownFailure;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
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
			catch (KnownFailure refused) {
				errors.reject("refused", refused.getMessage());
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

}
