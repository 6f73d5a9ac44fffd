package banyan.llm.rag;

import java.time.Instant;
import java.util.List;

import banyan.contracts.kb.ArticleChange;

/**
 * One version of a document to ingest, whatever its source: the payload of an ingestion
 * job.
 *
 * @param tenant the owner
 * @param source where it comes from ({@code article}, {@code upload})
 * @param sourceId its id there
 * @param version its version there (a later version replaces an earlier one)
 * @param title the title
 * @param body the text
 * @param dataDomain its data domain
 * @param tags its tags
 * @param occurredAt when this version was made
 */
record DocumentVersion(String tenant, String source, String sourceId, long version, String title, String body,
		String dataDomain, List<String> tags, Instant occurredAt) {

	static DocumentVersion of(ArticleChange change) {
		return new DocumentVersion(change.tenant(), DocumentSource.ARTICLE.value(), Long.toString(change.articleId()),
				change.version(), change.title(), change.body(), change.dataDomain(), change.tags(),
				change.occurredAt());
	}

}
