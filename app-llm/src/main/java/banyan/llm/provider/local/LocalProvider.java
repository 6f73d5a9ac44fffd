package banyan.llm.provider.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import banyan.llm.provider.ChatProvider;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.ProviderChunk;
import banyan.llm.provider.TokenCounter;
import banyan.llm.provider.TokenUsage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The offline provider. It is not a generative model and says so: given numbered sources
 * (the system message of a {@code /rag/query}), it quotes the opening sentences of the
 * best ones, each cited; without sources it explains that plainly. The answer is
 * deterministic (the same request always gets the same words) and streamed word by word.
 */
public final class LocalProvider implements ChatProvider {

	private static final Pattern WORD_WITH_TRAILING_SPACE = Pattern.compile("\\S+\\s*");

	private static final int QUOTED_QUESTION_LIMIT = 200;

	private final Duration chunkDelay;

	private final TokenCounter tokens;

	public LocalProvider(Duration chunkDelay, TokenCounter tokens) {
		this.chunkDelay = chunkDelay;
		this.tokens = tokens;
	}

	@Override
	public Flux<ProviderChunk> stream(ChatRequest request) {
		return Flux.defer(() -> {
			String answer = answer(request);
			long inputTokens = request.messages()
				.stream()
				.mapToLong((message) -> this.tokens.count(message.text()))
				.sum();
			int limit = (request.maxOutputTokens() != null) ? request.maxOutputTokens() : Integer.MAX_VALUE;
			List<String> words = new ArrayList<>();
			StringBuilder sent = new StringBuilder();
			int outputTokens = 0;
			boolean truncated = false;
			Matcher matcher = WORD_WITH_TRAILING_SPACE.matcher(answer);
			while (matcher.find()) {
				int tokensWithWord = this.tokens.count(sent + matcher.group());
				if (tokensWithWord > limit) {
					truncated = true;
					break;
				}
				outputTokens = tokensWithWord;
				sent.append(matcher.group());
				words.add(matcher.group());
			}
			Flux<ProviderChunk> text = Flux.fromIterable(words).map(ProviderChunk::text);
			if (!this.chunkDelay.isZero()) {
				text = text.delayElements(this.chunkDelay);
			}
			ProviderChunk last = new ProviderChunk("", truncated ? "length" : "stop",
					new TokenUsage(inputTokens, outputTokens, true));
			return text.concatWith(Mono.just(last));
		});
	}

	/** A numbered source in a system message: {@code [n] title} then its text. */
	private static final Pattern SOURCE = Pattern.compile("(?m)^\\[(\\d+)] (.+)\\n([\\s\\S]*?)(?=^\\[\\d+] |\\z)");

	private static final Pattern FIRST_SENTENCES = Pattern.compile("^(.+?[.!?])(?:\\s+(.+?[.!?]))?(?:\\s|$)",
			Pattern.DOTALL);

	private static String answer(ChatRequest request) {
		String sources = request.messages()
			.stream()
			.filter((message) -> message.role() == Message.Role.SYSTEM)
			.map(Message::text)
			.filter((text) -> text.contains("\n[1] "))
			.findFirst()
			.orElse(null);
		if (sources != null) {
			return quote(sources);
		}
		String question = lastUserMessage(request.messages()).strip().replaceAll("\\s+", " ");
		if (question.length() > QUOTED_QUESTION_LIMIT) {
			question = question.substring(0, QUOTED_QUESTION_LIMIT) + "…";
		}
		return "This is Banyan's offline local model. It is not a generative model: it answers only by quoting "
				+ "passages retrieved from your knowledge base, and no passages were retrieved for this request. "
				+ (question.isEmpty() ? "" : "Your question was: \"" + question + "\". ")
				+ "For generated answers, configure an OpenAI-compatible provider.";
	}

	/**
	 * The extractive answer: the opening sentences of the best sources (they come
	 * ranked), each cited by its number.
	 */
	private static String quote(String sources) {
		StringBuilder answer = new StringBuilder("From your knowledge base (Banyan's offline model quotes the best "
				+ "passages; it is not a generative model):");
		Matcher source = SOURCE.matcher(sources);
		int quoted = 0;
		while (source.find() && quoted < 3) {
			String body = source.group(3).strip().replaceAll("\\s+", " ");
			if (body.isEmpty()) {
				continue;
			}
			Matcher sentences = FIRST_SENTENCES.matcher(body);
			String excerpt = sentences.find()
					? sentences.group(1) + ((sentences.group(2) != null) ? " " + sentences.group(2) : "") : body;
			if (excerpt.length() > 400) {
				excerpt = excerpt.substring(0, 400) + "…";
			}
			answer.append(' ').append(excerpt).append(" [").append(source.group(1)).append(']');
			quoted++;
		}
		return (quoted == 0) ? "No passage of your knowledge base answers this question." : answer.toString();
	}

	private static String lastUserMessage(List<Message> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i).role() == Message.Role.USER) {
				return messages.get(i).text();
			}
		}
		return "";
	}

}
