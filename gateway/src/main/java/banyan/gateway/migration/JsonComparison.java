package banyan.gateway.migration;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * Compares two JSON answers field by field after a route's rules, and names the fields
 * that differ, as paths with {@code [*]} for array elements ({@code results[*].title}),
 * so that counts add up across samples whatever the array lengths.
 *
 * @param ignored paths whose values are never compared (a path covers what is under it)
 * @param unordered paths of arrays compared as sets (their elements' order is not a
 * difference)
 * @param relativeTolerance numbers within this fraction of each other are equal
 * @param absoluteTolerance numbers within this distance of each other are equal
 */
record JsonComparison(Set<String> ignored, Set<String> unordered, double relativeTolerance, double absoluteTolerance) {

	JsonComparison {
		ignored = Set.copyOf(ignored);
		unordered = Set.copyOf(unordered);
	}

	static JsonComparison exact() {
		return new JsonComparison(Set.of(), Set.of(), 0, 0);
	}

	/** The paths where the two differ; empty when they agree. */
	Set<String> differences(JsonNode primary, JsonNode candidate) {
		Set<String> found = new TreeSet<>();
		compare("", primary, candidate, found);
		return found;
	}

	private void compare(String path, JsonNode left, JsonNode right, Set<String> found) {
		if (this.ignored.contains(path)) {
			return;
		}
		if (left.isNumber() && right.isNumber()) {
			double a = left.asDouble();
			double b = right.asDouble();
			double distance = Math.abs(a - b);
			if (distance > this.absoluteTolerance
					&& distance > this.relativeTolerance * Math.max(Math.abs(a), Math.abs(b))) {
				found.add(name(path));
			}
			return;
		}
		if (left.isObject() && right.isObject()) {
			Set<String> names = new TreeSet<>(left.propertyNames());
			names.addAll(right.propertyNames());
			for (String name : names) {
				String child = path.isEmpty() ? name : path + "." + name;
				JsonNode a = left.get(name);
				JsonNode b = right.get(name);
				if (a == null || b == null) {
					if (!this.ignored.contains(child)) {
						found.add(name(child));
					}
				}
				else {
					compare(child, a, b, found);
				}
			}
			return;
		}
		if (left.isArray() && right.isArray()) {
			String elements = path + "[*]";
			if (this.unordered.contains(path)) {
				if (!sameElements(elements, left, right)) {
					found.add(name(elements));
				}
				return;
			}
			if (left.size() != right.size()) {
				found.add(name(path) + ".length");
			}
			for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
				compare(elements, left.get(i), right.get(i), found);
			}
			return;
		}
		if (!left.equals(right)) {
			found.add(name(path));
		}
	}

	/** Whether every element of each has an equal one in the other (as multisets). */
	private boolean sameElements(String path, JsonNode left, JsonNode right) {
		if (left.size() != right.size()) {
			return false;
		}
		List<JsonNode> remaining = new ArrayList<>();
		right.forEach(remaining::add);
		for (JsonNode element : left) {
			boolean matched = false;
			for (Iterator<JsonNode> candidates = remaining.iterator(); candidates.hasNext();) {
				Set<String> inner = new TreeSet<>();
				compare(path, element, candidates.next(), inner);
				if (inner.isEmpty()) {
					candidates.remove();
					matched = true;
					break;
				}
			}
			if (!matched) {
				return false;
			}
		}
		return true;
	}

	private static String name(String path) {
		return path.isEmpty() ? "$" : path;
	}

	/**
	 * How far two ranked result lists agree: the share of the primary's first {@code k}
	 * ids that the candidate's first {@code k} also have, and Kendall's tau over the ids
	 * both have (1: same order, -1: reversed; 1 when fewer than two are shared).
	 *
	 * @param overlap overlap@k, 0 to 1
	 * @param tau rank correlation of the shared ids
	 */
	record SearchAgreement(double overlap, double tau) {

		static SearchAgreement of(List<String> primary, List<String> candidate, int k) {
			List<String> left = primary.subList(0, Math.min(k, primary.size()));
			List<String> right = candidate.subList(0, Math.min(k, candidate.size()));
			if (left.isEmpty()) {
				return new SearchAgreement(right.isEmpty() ? 1 : 0, 1);
			}
			List<String> shared = left.stream().filter(right::contains).toList();
			double overlap = (double) shared.size() / left.size();
			if (shared.size() < 2) {
				return new SearchAgreement(overlap, 1);
			}
			int concordant = 0;
			int discordant = 0;
			for (int i = 0; i < shared.size(); i++) {
				for (int j = i + 1; j < shared.size(); j++) {
					// Ordered as the primary has them; the candidate agrees or not.
					if (right.indexOf(shared.get(i)) < right.indexOf(shared.get(j))) {
						concordant++;
					}
					else {
						discordant++;
					}
				}
			}
			return new SearchAgreement(overlap, (double) (concordant - discordant) / (concordant + discordant));
		}

		/**
		 * The ids of the results at {@code path} (an array of objects with {@code id}).
		 */
		static List<String> ids(JsonNode answer, String path, String idField) {
			JsonNode results = answer;
			for (String part : path.split("\\.")) {
				results = results.path(part);
			}
			List<String> ids = new ArrayList<>();
			for (JsonNode result : results) {
				ids.add(result.path(idField).asString(""));
			}
			return ids;
		}

	}

}
