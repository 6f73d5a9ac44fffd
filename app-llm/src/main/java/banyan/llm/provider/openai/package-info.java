/**
 * The adapter for OpenAI-compatible chat completion endpoints (OpenAI, vLLM, Ollama, LM
 * Studio, ...).
 */
@NullMarked
package banyan.llm.provider.openai;

import org.jspecify.annotations.NullMarked;
