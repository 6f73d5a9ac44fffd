package banyan.llm.rag;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import banyan.contracts.kb.ArticleChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Follows app-legacy's article change feed: asks for the entries after the stored cursor,
 * and in one transaction queues a job per entry and moves the cursor past them, so a
 * restart of either side misses nothing and repeats nothing. While app-legacy cannot be
 * reached, it tries again at the next tick.
 */
@Component
class FeedFollower {

	static final String CURSOR = "legacy-articles";

	private static final Logger log = LoggerFactory.getLogger(FeedFollower.class);

	private final WebClient legacy;

	private final FeedCursors cursors;

	private final RagSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	private volatile boolean reachable = true;

	FeedFollower(WebClient.Builder builder, FeedCursors cursors, RagSettings settings, JsonMapper json, Clock clock) {
		this.legacy = builder.baseUrl(settings.legacyUri().toString()).build();
		this.cursors = cursors;
		this.settings = settings;
		this.json = json;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${banyan.llm.rag.feed-interval:2s}")
	void follow() {
		if (!this.settings.followFeed() || !StringUtils.hasText(this.settings.internalToken())) {
			return;
		}
		try {
			while (Boolean.TRUE.equals(pull().block(Duration.ofSeconds(30)))) {
				// A full page: there may be more.
			}
			if (!this.reachable) {
				log.info("Following app-legacy's article feed again");
				this.reachable = true;
			}
		}
		catch (RuntimeException ex) {
			if (this.reachable) {
				log.warn("app-legacy's article feed cannot be read ({}); trying again every {}", ex.toString(),
						this.settings.feedInterval());
				this.reachable = false;
			}
		}
	}

	/** Applies one page of the feed: whether it was full. */
	Mono<Boolean> pull() {
		return this.cursors.cursor(CURSOR)
			.flatMap((after) -> this.legacy.get()
				.uri((uri) -> uri.path("/internal/feed/articles")
					.queryParam("after", after)
					.queryParam("limit", this.settings.feedBatch())
					.build())
				.headers((headers) -> headers.setBearerAuth(this.settings.internalToken()))
				.retrieve()
				.bodyToMono(ArticleChange.Page.class)
				.timeout(Duration.ofSeconds(10))
				.flatMap((page) -> {
					if (page.changes().isEmpty()) {
						return Mono.just(false);
					}
					List<IngestionJobs.QueuedJob> jobs = page.changes()
						.stream()
						.map((change) -> new IngestionJobs.QueuedJob(change.tenant(),
								(change.kind() == ArticleChange.Kind.RETRACTED) ? IngestionJobs.Kind.RETRACT
										: IngestionJobs.Kind.ARTICLE,
								this.json.writeValueAsString(change)))
						.toList();
					return this.cursors.queueAndAdvance(CURSOR, jobs, page.cursor(), this.clock.instant())
						.thenReturn(page.changes().size() >= this.settings.feedBatch());
				}));
	}

}
