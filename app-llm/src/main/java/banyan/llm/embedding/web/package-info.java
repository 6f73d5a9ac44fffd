/**
 * {@code POST /v1/embeddings} in OpenAI's wire format.
 */
@NullMarked
package banyan.llm.embedding.web;

import org.jspecify.annotations.NullMarked;
