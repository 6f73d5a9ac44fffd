package banyan.legacy.migration;

import banyan.legacy.problem.KnownFailure;

/**
 * A change of a migrated route's settings was based on an older version than the current
 * one.
 */
public class StaleRouteVersion extends KnownFailure {

	StaleRouteVersion(String route, long current, long expected) {
		super(Kind.STALE_VERSION, "Stale version", "The settings of " + route + " are at version " + current
				+ "; the change was based on version " + expected + ". Fetch them again and reapply the change.");
	}

}
