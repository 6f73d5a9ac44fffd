package banyan.legacy.ticket.web;

import java.time.Clock;

import banyan.legacy.problem.BackOfficePages;
import banyan.legacy.problem.KnownFailure;
import banyan.legacy.ticket.Customers;
import banyan.legacy.ticket.Ticket;
import banyan.legacy.ticket.TicketComments;
import banyan.legacy.ticket.TicketSearch;
import banyan.legacy.ticket.TicketStatus;
import banyan.legacy.ticket.Tickets;
import banyan.legacy.user.SignedInUser;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The back-office pages for tickets: a filtered list, and one ticket with its workflow
 * buttons, assignment and comments.
 */
@Controller
@BackOfficePages
class TicketPages {

	private final Tickets tickets;

	private final TicketSearch search;

	private final TicketComments comments;

	private final Customers customers;

	private final Clock clock;

	TicketPages(Tickets tickets, TicketSearch search, TicketComments comments, Customers customers, Clock clock) {
		this.tickets = tickets;
		this.search = search;
		this.comments = comments;
		this.customers = customers;
		this.clock = clock;
	}

	@GetMapping("/admin/tickets")
	String list(@AuthenticationPrincipal SignedInUser user,
			@RequestParam(required = false) @Nullable TicketStatus status,
			@RequestParam(defaultValue = "false") boolean mine, @RequestParam(defaultValue = "0") int page,
			Model model) {
		model.addAttribute("page", this.search.find(user.tenantId(), status, mine ? user.username() : null, null,
				PageRequest.of(Math.max(page, 0), 20)));
		model.addAttribute("status", status);
		model.addAttribute("mine", mine);
		model.addAttribute("statuses", TicketStatus.values());
		return "admin/tickets";
	}

	@GetMapping("/admin/tickets/{id}")
	String show(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, Model model) {
		Ticket ticket = find(user, id);
		model.addAttribute("ticket", ticket);
		model.addAttribute("customer", this.customers.findByIdAndTenantId(ticket.customerId(), user.tenantId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("comments", this.comments.of(id));
		return "admin/ticket";
	}

	@PostMapping("/admin/tickets/{id}/status")
	String move(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, @RequestParam TicketStatus status,
			@RequestParam long version, RedirectAttributes redirect) {
		return change(user, id, version, (ticket) -> ticket.moveTo(status, this.clock.instant()),
				"Ticket is now " + status + ".", redirect);
	}

	@PostMapping("/admin/tickets/{id}/assignee")
	String assignToMe(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, @RequestParam long version,
			RedirectAttributes redirect) {
		return change(user, id, version, (ticket) -> ticket.assignTo(user.username(), this.clock.instant()),
				"Assigned to you.", redirect);
	}

	@PostMapping("/admin/tickets/{id}/comments")
	String comment(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, @RequestParam String body,
			RedirectAttributes redirect) {
		find(user, id);
		if (body.isBlank() || body.length() > 10_000) {
			redirect.addFlashAttribute("commentError", "Write between 1 and 10,000 characters.");
		}
		else {
			this.comments.add(id, user.username(), body.strip(), this.clock.instant());
			redirect.addFlashAttribute("notice", "Comment added.");
		}
		return "redirect:/admin/tickets/" + id;
	}

	private String change(SignedInUser user, long id, long version, java.util.function.Consumer<Ticket> change,
			String notice, RedirectAttributes redirect) {
		Ticket ticket = find(user, id);
		if (ticket.version() == null || ticket.version() != version) {
			redirect.addFlashAttribute("notice",
					"Someone else changed this ticket meanwhile; here it is as it is now.");
			return "redirect:/admin/tickets/" + id;
		}
		try {
			change.accept(ticket);
			this.tickets.save(ticket);
			redirect.addFlashAttribute("notice", notice);
		}
		catch (KnownFailure refused) {
			redirect.addFlashAttribute("notice", refused.getMessage());
		}
		catch (org.springframework.dao.OptimisticLockingFailureException lost) {
			redirect.addFlashAttribute("notice",
					"Someone else changed this ticket meanwhile; here it is as it is now.");
		}
		return "redirect:/admin/tickets/" + id;
	}

	private Ticket find(SignedInUser user, long id) {
		return this.tickets.findByIdAndTenantId(id, user.tenantId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

}
