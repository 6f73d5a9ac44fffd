/**
 * The article change feed, read by app-llm ({@code /internal/feed/articles}).
 */
@NullMarked
package banyan.legacy.feed.web;

import org.jspecify.annotations.NullMarked;
