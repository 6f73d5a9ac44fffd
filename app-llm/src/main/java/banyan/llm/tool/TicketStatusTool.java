package banyan.llm.tool;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import banyan.llm.guardrail.ToolUrlPolicy;
import banyan.llm.identity.Caller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Looks up a support ticket's status in app-legacy's REST API ({@code GET
 * /api/tickets/{id}}), sending the caller's own access token: app-legacy answers from the
 * caller's tenant only, so another tenant's ticket is simply not found.
 */
@Component
class TicketStatusTool implements Tool {

	private final WebClient legacy;

	private final JsonMapper json;

	TicketStatusTool(WebClient.Builder builder, ToolSettings settings, JsonMapper json, ToolUrlPolicy urls) {
		this.legacy = builder.baseUrl(settings.legacyUri().toString())
			.filter(urls.filter(name(), settings.legacyUri()))
			.build();
		this.json = json;
	}

	@Override
	public String name() {
		return "ticket_status";
	}

	@Override
	public String description() {
		return "Looks up the current status (OPEN, PENDING, RESOLVED or CLOSED), subject, assignee and last "
				+ "update of one of the customer's support tickets by its number.";
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of("type", "object", "properties",
				Map.of("ticket_id", Map.of("type", "integer", "description", "The ticket number")), "required",
				List.of("ticket_id"));
	}

	@Override
	public BigDecimal costEstimate() {
		return BigDecimal.ZERO;
	}

	@Override
	public Mono<ToolResult> call(Caller caller, JsonNode arguments) {
		JsonNode id = arguments.path("ticket_id");
		if (!id.canConvertToLong() || id.asLong() <= 0) {
			return Mono.just(ToolResult.error("ticket_id must be a positive ticket number."));
		}
		long ticket = id.asLong();
		return this.legacy.get()
			.uri("/api/tickets/{id}", ticket)
			.headers((headers) -> headers.setBearerAuth(caller.accessToken()))
			.exchangeToMono((response) -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(JsonNode.class).map(this::summary);
				}
				if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return response.releaseBody()
						.thenReturn(ToolResult.error("There is no ticket " + ticket + " for this customer."));
				}
				return response.releaseBody()
					.thenReturn(ToolResult.error("The ticket system answered " + response.statusCode().value()
							+ "; the status cannot be looked up right now."));
			});
	}

	private ToolResult summary(JsonNode ticket) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("ticket_id", ticket.path("id").asLong());
		summary.put("subject", ticket.path("subject").asString(""));
		summary.put("status", ticket.path("status").asString(""));
		summary.put("assignee", ticket.path("assignee").isString() ? ticket.path("assignee").asString() : null);
		summary.put("updated_at", ticket.path("updatedAt").asString(""));
		return ToolResult.ok(this.json.writeValueAsString(summary));
	}

}
