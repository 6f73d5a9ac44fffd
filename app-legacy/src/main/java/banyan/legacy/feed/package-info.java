/**
 * The article change feed: every publish, update and retraction, appended in the
 * transaction of the change and readable in commit order from a cursor, so app-llm can
 * follow it and miss nothing across restarts of either side.
 */
@NullMarked
package banyan.legacy.feed;

import org.jspecify.annotations.NullMarked;
