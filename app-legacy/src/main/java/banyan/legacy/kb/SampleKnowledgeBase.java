package banyan.legacy.kb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import banyan.legacy.user.FirstStartCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The sample knowledge base of Tandem, a fictional e-bike subscription company: published
 * into the demo tenant on the first start with the embedded database, never on an
 * external one. The articles live in
 * {@code src/main/resources/sample-kb/<data domain>/*.md}, each with a small front matter
 * of {@code title} and {@code tags}.
 */
@Component
class SampleKnowledgeBase {

	static final String AUTHOR = "sample-data";

	private static final Logger log = LoggerFactory.getLogger(SampleKnowledgeBase.class);

	private static final Pattern ARTICLE = Pattern
		.compile("(?s)\\A---\\ntitle: (?<title>[^\\n]+)\\ntags: (?<tags>[^\\n]*)\\n---\\n(?<body>.+)\\z");

	private final ArticleManagement articles;

	SampleKnowledgeBase(ArticleManagement articles) {
		this.articles = articles;
	}

	@EventListener
	void on(FirstStartCompleted firstStart) throws IOException {
		if (!firstStart.embeddedDatabase()) {
			return;
		}
		List<Sample> samples = load();
		for (Sample sample : samples) {
			long id = this.articles.write(firstStart.tenantId(), sample.content(), AUTHOR).id();
			this.articles.publish(firstStart.tenantId(), id, null, AUTHOR);
		}
		log.info("Published the sample knowledge base: {} articles in the '{}' tenant", samples.size(),
				firstStart.tenantId());
	}

	/** Every sample article, in a stable order (by data domain, then file name). */
	static List<Sample> load() throws IOException {
		Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:sample-kb/*/*.md");
		return Arrays.stream(resources)
			.sorted(Comparator.comparing(SampleKnowledgeBase::domain).thenComparing(Resource::getFilename))
			.map(SampleKnowledgeBase::parse)
			.toList();
	}

	private static Sample parse(Resource resource) {
		try {
			String text = resource.getContentAsString(StandardCharsets.UTF_8);
			Matcher matcher = ARTICLE.matcher(text);
			if (!matcher.matches()) {
				throw new IllegalStateException("Sample article " + resource + " has no title and tags front matter");
			}
			List<String> tags = Arrays.stream(matcher.group("tags").split(","))
				.map(String::strip)
				.filter((tag) -> !tag.isEmpty())
				.toList();
			return new Sample(resource.getFilename(), new ArticleContent(matcher.group("title").strip(),
					matcher.group("body").strip(), domain(resource), tags));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read sample article " + resource, ex);
		}
	}

	private static String domain(Resource resource) {
		try {
			String path = resource.getURL().toString();
			String parent = path.substring(0, path.lastIndexOf('/'));
			return parent.substring(parent.lastIndexOf('/') + 1);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One sample article.
	 *
	 * @param file its file name
	 * @param content what it says
	 */
	record Sample(String file, ArticleContent content) {
	}

}
