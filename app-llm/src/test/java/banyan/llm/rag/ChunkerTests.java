package banyan.llm.rag;

import java.util.List;

import banyan.llm.provider.TokenCounter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunking by structure: sections at headings, paragraphs packed to a size, overlap.
 */
class ChunkerTests {

	final TokenCounter tokens = new TokenCounter();

	@Test
	void keepsAShortArticleWholeWithItsTitle() {
		List<String> chunks = new Chunker(this.tokens, 200, 40).chunks("Returns",
				"You can return a bike within 30 days.\n\nBring the key.");
		assertThat(chunks).containsExactly("Returns\n\nYou can return a bike within 30 days.\n\nBring the key.");
	}

	@Test
	void cutsAtHeadingsAndNamesTheSectionInEachChunk() {
		List<String> chunks = new Chunker(this.tokens, 200, 40).chunks("Billing",
				"Intro.\n\n## Invoices\nInvoices come monthly.\n\n## Refunds\nRefunds take five days.");
		assertThat(chunks).containsExactly("Billing\n\nIntro.", "Billing — Invoices\n\nInvoices come monthly.",
				"Billing — Refunds\n\nRefunds take five days.");
	}

	@Test
	void packsLongTextToTheSizeWithOverlap() {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			body.append("Paragraph ")
				.append(i)
				.append(" says something about brakes and batteries. ")
				.append("It has a second sentence number ")
				.append(i)
				.append(".\n\n");
		}
		List<String> chunks = new Chunker(this.tokens, 100, 20).chunks("Care", body.toString());
		assertThat(chunks).hasSizeGreaterThan(3);
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk).startsWith("Care\n\n");
			assertThat(this.tokens.count(chunk)).isLessThanOrEqualTo(100 + 20 + 5);
		});
		// The second chunk starts with the last sentence of the first.
		assertThat(chunks.get(1)).contains("It has a second sentence number");
		String all = String.join("\n", chunks);
		for (int i = 0; i < 30; i++) {
			assertThat(all).contains("Paragraph " + i + " says");
		}
	}

}
