package banyan.llm.provider;

/**
 * Tokens consumed by one answer.
 *
 * @param inputTokens tokens in the prompt
 * @param outputTokens tokens in the answer
 * @param estimated whether Banyan counted the tokens itself because the provider reported
 * none
 */
public record TokenUsage(long inputTokens, long outputTokens, boolean estimated) {
}
