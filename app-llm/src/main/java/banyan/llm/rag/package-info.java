/**
 * Retrieval-augmented generation (ADR 13): tenants' documents, chunked and embedded into
 * PostgreSQL by durable jobs, indexed in Lucene (BM25 and HNSW vectors) and retrieved by
 * both at once with the tenant and data-domain filter inside the query.
 */
@NullMarked
package banyan.llm.rag;

import org.jspecify.annotations.NullMarked;
