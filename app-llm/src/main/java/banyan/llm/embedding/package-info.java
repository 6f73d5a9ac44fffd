/**
 * The in-process embedding model (all-MiniLM-L6-v2 on ONNX, offline): sentence vectors
 * for the guardrails and for retrieval, computed off the event loop.
 */
@NullMarked
package banyan.llm.embedding;

import org.jspecify.annotations.NullMarked;
