package banyan.llm.rag;

/** Where a document comes from, as its rows, index fields and citations name it. */
enum DocumentSource {

	/** A knowledge-base article of app-legacy, from its change feed. */
	ARTICLE("article"),
	/** A file a caller uploaded. */
	UPLOAD("upload"),
	/** A page fetched from a URL a caller gave. */
	URL("url");

	private final String value;

	DocumentSource(String value) {
		this.value = value;
	}

	/** The source as stored and shown. */
	String value() {
		return this.value;
	}

}
