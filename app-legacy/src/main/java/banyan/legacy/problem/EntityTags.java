package banyan.legacy.problem;

import org.jspecify.annotations.Nullable;

/** What an {@code If-Match} header asks for, for the REST API's optimistic locking. */
public final class EntityTags {

	private EntityTags() {
	}

	/**
	 * The version an {@code If-Match} names: {@code null} when absent or {@code *}; an
	 * unparseable tag names no version (-1), so the write is refused as stale.
	 */
	public static @Nullable Long expectedVersion(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
			return null;
		}
		String tag = ifMatch.split(",")[0].strip();
		tag = (tag.startsWith("W/") ? tag.substring(2) : tag).replace("\"", "");
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			return -1L;
		}
	}

}
