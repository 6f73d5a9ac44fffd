/**
 * The knowledge base across processes: the legacy search contract that app-llm mimics,
 * and the article change feed app-llm follows.
 */
package banyan.contracts.kb;
