package banyan.legacy.kb;

import java.util.List;

import banyan.contracts.kb.KbSearchPage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The legacy knowledge-base search: the tenant's published articles ranked by PostgreSQL
 * full-text search ({@code websearch_to_tsquery}, title weighted above body,
 * {@code ts_rank_cd}), newest first among equals.
 */
@Component
public class ArticleSearch {

	private static final String MATCHES = """
			from articles a, websearch_to_tsquery('english', :q) query
			where a.tenant_id = :tenant and a.status = 'PUBLISHED' and a.search @@ query""";

	private final JdbcClient jdbc;

	ArticleSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of matches. The arguments must already satisfy the contract of
	 * {@link KbSearchPage}.
	 */
	public KbSearchPage search(String tenantId, String query, int page, int size) {
		long total = this.jdbc.sql("select count(*) " + MATCHES)
			.param("q", query)
			.param("tenant", tenantId)
			.query(Long.class)
			.single();
		List<KbSearchPage.Hit> hits = (total == 0) ? List.of() : this.jdbc.sql("""
				select a.id, a.title, a.data_domain, a.tags, a.updated_at,
				       ts_headline('english', a.body, query,
				                   'MaxFragments=1, MaxWords=35, MinWords=15, StartSel="", StopSel=""') as snippet
				""" + MATCHES + """

				order by ts_rank_cd(a.search, query) desc, a.updated_at desc, a.id desc
				limit :size offset :offset""")
			.param("q", query)
			.param("tenant", tenantId)
			.param("size", size)
			.param("offset", (long) page * size)
			.query((row, number) -> new KbSearchPage.Hit(row.getLong("id"), row.getString("title"),
					row.getString("snippet").strip(), row.getString("data_domain"),
					List.of((String[]) row.getArray("tags").getArray()), row.getTimestamp("updated_at").toInstant()))
			.list();
		int totalPages = (int) ((total + size - 1) / size);
		return new KbSearchPage(query, hits, page, size, total, totalPages);
	}

}
