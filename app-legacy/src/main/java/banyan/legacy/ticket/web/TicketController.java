package banyan.legacy.ticket.web;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.problem.Problems;
import banyan.legacy.tenant.TenantMember;
import banyan.legacy.ticket.Customer;
import banyan.legacy.ticket.Customers;
import banyan.legacy.ticket.Ticket;
import banyan.legacy.ticket.TicketComments;
import banyan.legacy.ticket.TicketSearch;
import banyan.legacy.ticket.TicketStatus;
import banyan.legacy.ticket.Tickets;
import banyan.legacy.user.SignedInUser;
import banyan.legacy.user.Users;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's tenant's customers and tickets. Ticket responses carry the version
 * as an {@code ETag}; changes accept {@code If-Match} and refuse a stale one with 412.
 */
@RestController
class TicketController {

	private final Tickets tickets;

	private final TicketSearch search;

	private final TicketComments comments;

	private final Customers customers;

	private final Users users;

	private final Clock clock;

	TicketController(Tickets tickets, TicketSearch search, TicketComments comments, Customers customers, Users users,
			Clock clock) {
		this.tickets = tickets;
		this.search = search;
		this.comments = comments;
		this.customers = customers;
		this.users = users;
		this.clock = clock;
	}

	@GetMapping("/api/customers")
	PagedModel<CustomerResource> customers(@AuthenticationPrincipal SignedInUser user, Pageable pageable) {
		return new PagedModel<>(this.customers.findByTenantId(user.tenantId(), pageable).map(CustomerResource::of));
	}

	@PostMapping("/api/customers")
	ResponseEntity<CustomerResource> register(@AuthenticationPrincipal SignedInUser user,
			@Valid @RequestBody NewCustomer request) {
		if (this.customers.existsByTenantIdAndEmail(user.tenantId(), request.email().toLowerCase())) {
			throw Problems.refusal(HttpStatus.CONFLICT, ProblemTypes.ALREADY_EXISTS, "Customer exists",
					"A customer with the e-mail address " + request.email() + " exists already.");
		}
		Customer customer = this.customers
			.save(Customer.register(user.tenantId(), request.name(), request.email(), now()));
		return ResponseEntity.created(URI.create("/api/customers/" + customer.id()))
			.body(CustomerResource.of(customer));
	}

	@GetMapping("/api/customers/{id}")
	CustomerResource customer(@AuthenticationPrincipal SignedInUser user, @PathVariable long id) {
		return CustomerResource.of(findCustomer(user, id));
	}

	@GetMapping("/api/tickets")
	PagedModel<TicketResource> list(@AuthenticationPrincipal SignedInUser user,
			@RequestParam(required = false) @Nullable TicketStatus status,
			@RequestParam(required = false) @Nullable String assignee,
			@RequestParam(required = false) @Nullable Long customerId, Pageable pageable) {
		return new PagedModel<>(
				this.search.find(user.tenantId(), status, assignee, customerId, pageable).map(TicketResource::of));
	}

	@PostMapping("/api/tickets")
	ResponseEntity<TicketResource> open(@AuthenticationPrincipal SignedInUser user,
			@Valid @RequestBody NewTicket request) {
		findCustomer(user, request.customerId());
		Ticket ticket = this.tickets
			.save(Ticket.open(user.tenantId(), request.customerId(), request.subject(), request.description(), now()));
		return ResponseEntity.created(URI.create("/api/tickets/" + ticket.id()))
			.eTag(eTag(ticket))
			.body(TicketResource.of(ticket));
	}

	@GetMapping("/api/tickets/{id}")
	ResponseEntity<TicketResource> get(@AuthenticationPrincipal TenantMember user, @PathVariable long id) {
		Ticket ticket = find(user, id);
		return ResponseEntity.ok().eTag(eTag(ticket)).body(TicketResource.of(ticket));
	}

	@PutMapping("/api/tickets/{id}/status")
	ResponseEntity<TicketResource> move(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@Valid @RequestBody StatusChange request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		Ticket ticket = current(user, id, ifMatch);
		ticket.moveTo(request.status(), now());
		return saved(ticket);
	}

	@PutMapping("/api/tickets/{id}/assignee")
	ResponseEntity<TicketResource> assign(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@Valid @RequestBody Assignment request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		Ticket ticket = current(user, id, ifMatch);
		if (request.assignee() != null) {
			boolean colleague = this.users.findByUsername(request.assignee())
				.filter((candidate) -> candidate.tenantId().equals(user.tenantId()))
				.isPresent();
			if (!colleague) {
				throw Problems.refusal(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
						"No user of your tenant is named '" + request.assignee() + "'.");
			}
		}
		ticket.assignTo(request.assignee(), now());
		return saved(ticket);
	}

	@GetMapping("/api/tickets/{id}/comments")
	List<TicketComments.Comment> comments(@AuthenticationPrincipal SignedInUser user, @PathVariable long id) {
		find(user, id);
		return this.comments.of(id);
	}

	@PostMapping("/api/tickets/{id}/comments")
	@Transactional
	ResponseEntity<TicketComments.Comment> comment(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@Valid @RequestBody NewComment request) {
		find(user, id);
		TicketComments.Comment comment = this.comments.add(id, user.username(), request.body(), now());
		return ResponseEntity.created(URI.create("/api/tickets/" + id + "/comments")).body(comment);
	}

	private ResponseEntity<TicketResource> saved(Ticket ticket) {
		Ticket stored = this.tickets.save(ticket);
		return ResponseEntity.ok().eTag(eTag(stored)).body(TicketResource.of(stored));
	}

	private Ticket current(SignedInUser user, long id, @Nullable String ifMatch) {
		Ticket ticket = find(user, id);
		if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*")
				&& !ifMatch.replace("W/", "").strip().equals(eTag(ticket))) {
			throw Problems.refusal(HttpStatus.PRECONDITION_FAILED, ProblemTypes.STALE_VERSION, "Stale version",
					"Ticket " + id + " is at version " + ticket.version() + "; fetch it again and reapply the change.");
		}
		return ticket;
	}

	private Ticket find(TenantMember user, long id) {
		return this.tickets.findByIdAndTenantId(id, user.tenantId())
			.orElseThrow(() -> Problems.refusal(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Ticket not found",
					"No ticket has the id " + id + "."));
	}

	private Customer findCustomer(SignedInUser user, long id) {
		return this.customers.findByIdAndTenantId(id, user.tenantId())
			.orElseThrow(() -> Problems.refusal(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Customer not found",
					"No customer has the id " + id + "."));
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static String eTag(Ticket ticket) {
		return "\"" + ticket.version() + "\"";
	}

	record NewCustomer(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email) {
	}

	/**
	 * A customer as clients see it.
	 *
	 * @param id the id
	 * @param name the name
	 * @param email the e-mail address
	 * @param createdAt when the customer was registered
	 */
	record CustomerResource(long id, String name, String email, Instant createdAt) {

		static CustomerResource of(Customer customer) {
			return new CustomerResource(customer.id(), customer.name(), customer.email(), customer.createdAt());
		}

	}

	record NewTicket(@NotNull @Positive Long customerId, @NotBlank @Size(max = 200) String subject,
			@NotBlank @Size(max = 20_000) String description) {
	}

	record StatusChange(@NotNull TicketStatus status) {
	}

	record Assignment(@Nullable @Size(max = 64) String assignee) {
	}

	record NewComment(@NotBlank @Size(max = 10_000) String body) {
	}

	/**
	 * A ticket as clients see it.
	 *
	 * @param id the id
	 * @param customerId the customer who raised it
	 * @param subject the subject
	 * @param description what the customer wrote
	 * @param status where it is in the workflow
	 * @param next the statuses it may move to
	 * @param assignee who works on it, or {@code null}
	 * @param version the version, also the {@code ETag}
	 * @param createdAt when it was opened
	 * @param updatedAt when it last changed
	 */
	record TicketResource(long id, long customerId, String subject, String description, TicketStatus status,
			java.util.Set<TicketStatus> next, @Nullable String assignee, long version, Instant createdAt,
			Instant updatedAt) {

		static TicketResource of(Ticket ticket) {
			return new TicketResource(ticket.id(), ticket.customerId(), ticket.subject(), ticket.description(),
					ticket.status(), ticket.status().next(), ticket.assignee(), ticket.version(), ticket.createdAt(),
					ticket.updatedAt());
		}

	}

}
