package banyan.llm.rag;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * RAG settings ({@code banyan.llm.rag.*}).
 *
 * @param indexDirectory where the Lucene index lives (rebuilt from PostgreSQL when
 * missing)
 * @param legacyUri app-legacy, whose article feed is followed
 * @param internalToken the services' token for app-legacy's {@code /internal/**}
 * ({@code BANYAN_INTERNAL_TOKEN}); without it the feed is not followed
 * @param followFeed whether app-legacy's article feed is followed
 * @param feedInterval how often the feed is asked for new entries
 * @param feedBatch the most entries asked for at once
 * @param workers the ingestion jobs run at once
 * @param workInterval how often idle workers look for new jobs
 * @param jobLease how long a claimed job may run before another worker may take it over
 * @param maxAttempts how often a failing job is tried before it is marked failed
 * @param chunkTokens the size a chunk aims at, in tokens
 * @param chunkOverlap the tokens a chunk repeats of the one before it
 * @param maxUploadSize the largest file or page ingested
 * @param urlAllowList the hosts URLs may be ingested from ({@code host} or
 * {@code *.domain}); empty: none
 * @param allowPrivateTargets whether those hosts may resolve to loopback or private
 * addresses (development only; link-local addresses are refused always)
 * @param cacheSize the most search results (and query vectors) kept
 * @param cacheTtl how long a search result is kept; any change to the index makes it
 * stale at once regardless
 */
@ConfigurationProperties("banyan.llm.rag")
public record RagSettings(@DefaultValue("data/llm-index") Path indexDirectory,
		@DefaultValue("http://localhost:8081") URI legacyUri, @Nullable String internalToken,
		@DefaultValue("true") boolean followFeed, @DefaultValue("2s") Duration feedInterval,
		@DefaultValue("100") int feedBatch, @DefaultValue("2") int workers,
		@DefaultValue("500ms") Duration workInterval, @DefaultValue("5m") Duration jobLease,
		@DefaultValue("5") int maxAttempts, @DefaultValue("200") int chunkTokens, @DefaultValue("40") int chunkOverlap,
		@DefaultValue("10MB") DataSize maxUploadSize, @DefaultValue List<String> urlAllowList,
		@DefaultValue("false") boolean allowPrivateTargets, @DefaultValue("10000") int cacheSize,
		@DefaultValue("10m") Duration cacheTtl) {

}
