package banyan.legacy.ticket;

import banyan.legacy.TestTenants;
import banyan.legacy.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

@SpringBootTest
@AutoConfigureMockMvc
class TicketIntegrationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestTenants testTenants;

	@Autowired
	JsonMapper json;

	TestTenant tenant;

	RequestPostProcessor agent;

	long customer;

	@BeforeEach
	void customer() {
		this.tenant = this.testTenants.create();
		this.agent = httpBasic(this.tenant.agent(), TestTenants.PASSWORD);
		this.customer = id(
				send("POST", "/api/customers", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}", null));
	}

	@ParameterizedTest
	@CsvSource({ "OPEN, PENDING, 200", "OPEN, RESOLVED, 200", "OPEN, CLOSED, 409", "PENDING, OPEN, 200",
			"PENDING, CLOSED, 409", "RESOLVED, OPEN, 200", "RESOLVED, CLOSED, 200", "CLOSED, OPEN, 409",
			"CLOSED, PENDING, 409" })
	void followsTheWorkflowAndRefusesOtherMovesWithConflict(TicketStatus from, TicketStatus to, int expected) {
		long ticket = openTicket();
		for (TicketStatus step : pathTo(from)) {
			assertThat(move(ticket, step)).hasStatusOk();
		}

		MvcTestResult result = move(ticket, to);

		assertThat(result.getResponse().getStatus()).isEqualTo(expected);
		if (expected == 409) {
			assertThat(result).bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://banyan.dev/problems/invalid-transition");
		}
	}

	@Test
	void refusesAStaleStatusChangeAndKeepsTheWinner() {
		long ticket = openTicket();
		assertThat(send("PUT", "/api/tickets/" + ticket + "/status", "{\"status\":\"PENDING\"}", "\"0\"")).hasStatusOk()
			.hasHeader(HttpHeaders.ETAG, "\"1\"");

		assertThat(send("PUT", "/api/tickets/" + ticket + "/status", "{\"status\":\"RESOLVED\"}", "\"0\""))
			.hasStatus(HttpStatus.PRECONDITION_FAILED);
		assertThat(this.mvc.get().uri("/api/tickets/" + ticket).with(this.agent)).bodyJson()
			.extractingPath("$.status")
			.isEqualTo("PENDING");
	}

	@Test
	void assignsOnlyToColleaguesAndFiltersTheList() {
		long mine = openTicket();
		openTicket();
		assertThat(send("PUT", "/api/tickets/" + mine + "/assignee", "{\"assignee\":\"" + this.tenant.agent() + "\"}",
				null))
			.hasStatusOk();
		TestTenant other = this.testTenants.create();
		assertThat(send("PUT", "/api/tickets/" + mine + "/assignee", "{\"assignee\":\"" + other.agent() + "\"}", null))
			.hasStatus(HttpStatus.BAD_REQUEST);

		MvcTestResult assigned = this.mvc.get()
			.uri("/api/tickets?assignee=" + this.tenant.agent() + "&status=OPEN")
			.with(this.agent)
			.exchange();

		assertThat(assigned).bodyJson().extractingPath("$.page.totalElements").isEqualTo(1);
		assertThat(assigned).bodyJson().extractingPath("$.content[0].id").isEqualTo((int) mine);
		assertThat(this.mvc.get().uri("/api/tickets?customerId=" + this.customer).with(this.agent)).bodyJson()
			.extractingPath("$.page.totalElements")
			.isEqualTo(2);
	}

	@Test
	void keepsCommentsInOrder() {
		long ticket = openTicket();
		send("POST", "/api/tickets/" + ticket + "/comments", "{\"body\":\"Asked for the order number.\"}", null);
		send("POST", "/api/tickets/" + ticket + "/comments", "{\"body\":\"Refund issued.\"}", null);

		assertThat(this.mvc.get().uri("/api/tickets/" + ticket + "/comments").with(this.agent)).bodyJson()
			.extractingPath("$[*].body")
			.isEqualTo(java.util.List.of("Asked for the order number.", "Refund issued."));
	}

	@Test
	void neverShowsAnotherTenantsTicketsOrCustomers() {
		long ticket = openTicket();
		RequestPostProcessor stranger = httpBasic(this.testTenants.create().agent(), TestTenants.PASSWORD);

		assertThat(this.mvc.get().uri("/api/tickets/" + ticket).with(stranger)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/api/customers/" + this.customer).with(stranger))
			.hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.post()
			.uri("/api/tickets")
			.with(stranger)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":" + this.customer + ",\"subject\":\"x\",\"description\":\"y\"}"))
			.hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/api/tickets").with(stranger)).bodyJson()
			.extractingPath("$.page.totalElements")
			.isEqualTo(0);
	}

	private long openTicket() {
		return id(send("POST", "/api/tickets", "{\"customerId\":" + this.customer
				+ ",\"subject\":\"Parcel damaged\",\"description\":\"The box was crushed.\"}", null));
	}

	private MvcTestResult move(long ticket, TicketStatus status) {
		return send("PUT", "/api/tickets/" + ticket + "/status", "{\"status\":\"" + status + "\"}", null);
	}

	private static java.util.List<TicketStatus> pathTo(TicketStatus status) {
		return switch (status) {
			case OPEN -> java.util.List.of();
			case PENDING -> java.util.List.of(TicketStatus.PENDING);
			case RESOLVED -> java.util.List.of(TicketStatus.RESOLVED);
			case CLOSED -> java.util.List.of(TicketStatus.RESOLVED, TicketStatus.CLOSED);
		};
	}

	private MvcTestResult send(String method, String path, String body, String ifMatch) {
		var request = this.mvc.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.with(this.agent)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		if (ifMatch != null) {
			request = request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return request.exchange();
	}

	private long id(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return this.json.readTree(result.getResponse().getContentAsByteArray()).path("id").asLong();
	}

}
