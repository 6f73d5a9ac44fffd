package banyan.llm.tool;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of server-side tools ({@code banyan.llm.tools.*}).
 *
 * @param timeout the longest a single tool call may take
 * @param maxCallsPerRequest tool calls one request may make; further calls are refused
 * and the model is asked to answer with what it has
 * @param maxCostPerRequest the request's cost ceiling (model rounds and tools, in the
 * currency of the model prices): once reached, no further model round starts
 * @param maxOutputChars the longest tool output given to the model and shown in the
 * {@code tool} event
 * @param legacyUri app-legacy, whose REST API tools call as the caller
 */
@ConfigurationProperties("banyan.llm.tools")
public record ToolSettings(@DefaultValue("5s") Duration timeout, @DefaultValue("5") int maxCallsPerRequest,
		@DefaultValue("1.00") BigDecimal maxCostPerRequest, @DefaultValue("4000") int maxOutputChars,
		@DefaultValue("http://localhost:8081") URI legacyUri) {
}
