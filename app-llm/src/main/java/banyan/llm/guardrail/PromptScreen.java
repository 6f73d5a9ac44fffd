package banyan.llm.guardrail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import banyan.llm.embedding.Embeddings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;

/**
 * Decides whether a text is a prompt-injection attempt: first by {@link InjectionRules},
 * then by meaning, as the highest cosine similarity of any of its sentences to the attack
 * set ({@code guardrails/attacks.txt}).
 * <p>
 * What each sentence read as is remembered per tenant for a while, so a conversation,
 * whose earlier messages every turn sends again, has only its new sentences embedded.
 * {@link #known} answers at once, on any thread, when a short request has no sentence
 * left to embed; {@link #screen} is blocking CPU work for off the event loop.
 */
final class PromptScreen {

	/** How much closer to an attack than to an ordinary request a sentence must be. */
	private static final double MARGIN = 0.05;

	/** The most text whose rules are checked on the caller's thread. */
	private static final int INLINE_CHARACTERS = 4_096;

	private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?;:])\\s+|\\n+");

	private final Embeddings embeddings;

	private final double threshold;

	private final int maxSentences;

	private final List<Attack> attacks;

	private final List<float[]> ordinary;

	/** What sentences read as, by tenant and sentence. */
	private final Cache<Sentence, Reading> readings = Caffeine.newBuilder()
		.maximumWeight(8_000_000)
		.<Sentence, Reading>weigher((sentence, reading) -> sentence.scope().length() + sentence.text().length())
		.expireAfterAccess(Duration.ofHours(1))
		.build();

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

	/**
	 * The verdict, when it needs no embedding: the texts are short (the rules may run on
	 * an event loop) and every sentence to compare was read before in this scope;
	 * {@code null} otherwise.
	 * @param scope whose texts they are (the tenant)
	 * @param texts the caller's messages, or content given to the model
	 */
	@Nullable Verdict known(String scope, List<String> texts) {
		int length = 0;
		for (String text : texts) {
			length += text.length();
		}
		if (length > INLINE_CHARACTERS) {
			return null;
		}
		Verdict ruled = ruled(texts);
		if (ruled != null) {
			return ruled;
		}
		List<Sentence> compared = compared(scope, texts);
		List<Reading> readings = new ArrayList<>(compared.size());
		for (Sentence sentence : compared) {
			Reading reading = this.readings.getIfPresent(sentence);
			if (reading == null) {
				return null;
			}
			readings.add(reading);
		}
		return verdict(readings);
	}

	/**
	 * Screens the texts, embedding the sentences not read before in this scope.
	 * @param scope whose texts they are (the tenant)
	 * @param texts the caller's messages, or content given to the model
	 */
	Verdict screen(String scope, List<String> texts) {
		Verdict ruled = ruled(texts);
		if (ruled != null) {
			return ruled;
		}
		List<Sentence> compared = compared(scope, texts);
		Map<Sentence, Reading> read = new HashMap<>(this.readings.getAllPresent(compared));
		List<Sentence> unread = compared.stream().filter((sentence) -> !read.containsKey(sentence)).distinct().toList();
		if (!unread.isEmpty()) {
			List<float[]> vectors = this.embeddings.embedAllNow(unread.stream().map(Sentence::text).toList());
			for (int i = 0; i < unread.size(); i++) {
				Reading reading = read(vectors.get(i));
				read.put(unread.get(i), reading);
				this.readings.put(unread.get(i), reading);
			}
		}
		return verdict(compared.stream().map(read::get).toList());
	}

	private static @Nullable Verdict ruled(List<String> texts) {
		for (String text : texts) {
			Optional<String> rule = InjectionRules.check(text);
			if (rule.isPresent()) {
				return new Verdict(true, "injection." + rule.get(), 1);
			}
		}
		return null;
	}

	/** The sentences compared by meaning: the last {@code maxSentences}. */
	private List<Sentence> compared(String scope, List<String> texts) {
		List<Sentence> sentences = new ArrayList<>();
		for (String text : texts) {
			for (String sentence : SENTENCES.split(InjectionRules.normalize(text))) {
				String stripped = sentence.strip();
				if (stripped.length() >= 12) {
					sentences.add(new Sentence(scope, stripped));
				}
			}
		}
		return sentences.subList(Math.max(0, sentences.size() - this.maxSentences), sentences.size());
	}

	private Reading read(float[] vector) {
		double best = 0;
		String category = "";
		for (Attack attack : this.attacks) {
			double similarity = Embeddings.cosine(vector, attack.vector());
			if (similarity > best) {
				best = similarity;
				category = attack.category();
			}
		}
		double closestOrdinary = 0;
		for (float[] ordinary : this.ordinary) {
			closestOrdinary = Math.max(closestOrdinary, Embeddings.cosine(vector, ordinary));
		}
		return new Reading(best, category, closestOrdinary);
	}

	private Verdict verdict(List<Reading> readings) {
		double highest = 0;
		for (Reading reading : readings) {
			// Close to an attack, and clearly closer to it than to anything ordinary.
			if (reading.attack() >= this.threshold && reading.attack() - reading.ordinary() >= MARGIN) {
				return new Verdict(true, "injection.similar." + reading.category(), reading.attack());
			}
			highest = Math.max(highest, reading.attack());
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

	/** A sentence of a scope's texts, normalized. */
	private record Sentence(String scope, String text) {
	}

	/**
	 * What a sentence read as.
	 *
	 * @param attack its similarity to the closest attack
	 * @param category that attack's category
	 * @param ordinary its similarity to the closest ordinary request
	 */
	private record Reading(double attack, String category, double ordinary) {
	}

}
