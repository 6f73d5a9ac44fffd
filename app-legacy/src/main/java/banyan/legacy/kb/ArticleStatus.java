package banyan.legacy.kb;

/**
 * Where an article is in its life: written as a draft, published for readers and
 * retrieval, archived when it no longer applies (and publishable again).
 */
public enum ArticleStatus {

	DRAFT, PUBLISHED, ARCHIVED

}
