package banyan.llm.guardrail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import banyan.llm.embedding.Embeddings;

import org.springframework.core.io.ClassPathResource;

/**
 * Decides whether a text is a prompt-injection attempt: first by {@link InjectionRules},
 * then by meaning, as the highest cosine similarity of any of its sentences to the attack
 * set ({@code guardrails/attacks.txt}). Blocking CPU work: call it off the event loop.
 */
final class PromptScreen {

	/** How much closer to an attack than to an ordinary request a sentence must be. */
	private static final double MARGIN = 0.05;

	private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?;:])\\s+|\\n+");

	private final Embeddings embeddings;

	private final double threshold;

	private final int maxSentences;

	private final List<Attack> attacks;

	private final List<float[]> ordinary;

	/**
	 * @param embeddings the model
	 * @param threshold the similarity from which a sentence is taken for an attack
	 * @param maxSentences the most sentences compared by meaning per screening (the last
	 * ones; the rules read everything)
	 */
	PromptScreen(Embeddings embeddings, double threshold, int maxSentences) {
		this.embeddings = embeddings;
		this.threshold = threshold;
		this.maxSentences = maxSentences;
		this.ordinary = embeddings.embedAllNow(lines("guardrails/ordinary.txt"));
		List<String[]> lines = lines("guardrails/attacks.txt").stream().map((line) -> line.split("\\|", 2)).toList();
		List<float[]> vectors = embeddings.embedAllNow(lines.stream().map((line) -> line[1]).toList());
		List<Attack> attacks = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			attacks.add(new Attack(lines.get(i)[0], vectors.get(i)));
		}
		this.attacks = List.copyOf(attacks);
	}

	/** What the screening found. */
	record Verdict(boolean attack, String reason, double similarity) {

		static final Verdict CLEAN = new Verdict(false, "", 0);

	}

	/** Screens the texts (the caller's messages, or content given to the model). */
	Verdict screen(List<String> texts) {
		for (String text : texts) {
			Optional<String> rule = InjectionRules.check(text);
			if (rule.isPresent()) {
				return new Verdict(true, "injection." + rule.get(), 1);
			}
		}
		List<String> sentences = new ArrayList<>();
		for (String text : texts) {
			for (String sentence : SENTENCES.split(InjectionRules.normalize(text))) {
				if (sentence.strip().length() >= 12) {
					sentences.add(sentence.strip());
				}
			}
		}
		if (sentences.isEmpty()) {
			return Verdict.CLEAN;
		}
		List<String> compared = sentences.subList(Math.max(0, sentences.size() - this.maxSentences), sentences.size());
		double highest = 0;
		for (float[] vector : this.embeddings.embedAllNow(compared)) {
			double best = 0;
			String reason = "";
			for (Attack attack : this.attacks) {
				double similarity = Embeddings.cosine(vector, attack.vector());
				if (similarity > best) {
					best = similarity;
					reason = attack.category();
				}
			}
			double closestOrdinary = 0;
			for (float[] ordinary : this.ordinary) {
				closestOrdinary = Math.max(closestOrdinary, Embeddings.cosine(vector, ordinary));
			}
			// Close to an attack, and clearly closer to it than to anything ordinary.
			if (best >= this.threshold && best - closestOrdinary >= MARGIN) {
				return new Verdict(true, "injection.similar." + reason, best);
			}
			highest = Math.max(highest, best);
		}
		return new Verdict(false, "", highest);
	}

	private static List<String> lines(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			List<String> lines = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					lines.add(line.strip());
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The guardrail set " + resource + " cannot be read", ex);
		}
	}

	private record Attack(String category, float[] vector) {
	}

}
