package banyan.llm.tool;

import java.util.Collection;

/** A request names a server-side tool Banyan does not have. */
public final class UnknownTool extends RuntimeException {

	UnknownTool(String name, Collection<String> available) {
		super("There is no server-side tool '" + name + "'. Available: " + available + ".", null, false, false);
	}

}
