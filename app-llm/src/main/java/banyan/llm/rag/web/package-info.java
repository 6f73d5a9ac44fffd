/**
 * The retrieval API: uploads and URLs, ingestion jobs, search, {@code /rag/query}, the
 * index rebuild and the legacy search mimic.
 */
@NullMarked
package banyan.llm.rag.web;

import org.jspecify.annotations.NullMarked;
