package banyan.contracts.kb;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/kb/search?q=&page=&size=}: one page of the caller's
 * tenant's published articles that match the query, best first. app-legacy serves it from
 * PostgreSQL full-text search; app-llm's mimic serves the same contract from hybrid
 * retrieval.
 *
 * <p>
 * Contract: {@code q} is required (1 to 500 characters); {@code page} is zero-based (0 to
 * 1000, default 0); {@code size} is 1 to 50 (default 10). Anything else is a 400 problem.
 * A page past the end has no results but the same totals.
 *
 * @param query the query as received
 * @param results the matching articles on this page
 * @param page the zero-based page number
 * @param size the page size asked for
 * @param totalElements how many articles match in all
 * @param totalPages how many pages of this size there are
 */
public record KbSearchPage(String query, List<Hit> results, int page, int size, long totalElements, int totalPages) {

	/** Smallest and largest values of the parameters. */
	public static final int MAX_QUERY_LENGTH = 500;

	public static final int MAX_PAGE = 1_000;

	public static final int MAX_SIZE = 50;

	public static final int DEFAULT_SIZE = 10;

	public KbSearchPage {
		results = List.copyOf(results);
	}

	/**
	 * One matching article.
	 *
	 * @param id the article id
	 * @param title the title
	 * @param snippet a short passage of the body around the match, plain text
	 * @param dataDomain the article's data domain
	 * @param tags the article's tags
	 * @param updatedAt when the article last changed
	 */
	public record Hit(long id, String title, String snippet, String dataDomain, List<String> tags, Instant updatedAt) {

		public Hit {
			tags = List.copyOf(tags);
		}

	}

}
