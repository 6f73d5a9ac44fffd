package banyan.contracts.archfixture;

import tools.jackson.databind.JsonNode;

/**
 * Deliberately breaks the shared-kernel rule: a contract carrying a Jackson databind
 * type.
 */
public record LeaksJacksonDatabind(JsonNode payload) {
}
