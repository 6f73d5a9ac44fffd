package banyan.llm.rag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The text of an uploaded file, by its type: Markdown and plain text as they are (UTF-8),
 * HTML without what a reader does not see (scripts, styles, comments, elements hidden by
 * {@code hidden}, {@code aria-hidden}, {@code display:none}, {@code visibility:hidden} or
 * zero size), PDF through PDFBox. The type is checked against the content, not taken from
 * the client's word for it. Blocking CPU work: call it off the event loop.
 */
final class Extraction {

	/** What an upload turned out to be. */
	enum Type {

		MARKDOWN, TEXT, HTML, PDF

	}

	private Extraction() {
	}

	/**
	 * The type of a file with this name and content; refused when not one of the four.
	 */
	static Type type(String filename, byte[] content) {
		String name = filename.toLowerCase(Locale.ROOT);
		boolean pdf = content.length >= 5 && new String(content, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
		if (name.endsWith(".pdf")) {
			if (!pdf) {
				throw new UnsupportedContent("The file is named .pdf but is not a PDF.");
			}
			return Type.PDF;
		}
		if (pdf) {
			throw new UnsupportedContent("The file is a PDF; name it .pdf.");
		}
		if (name.endsWith(".md") || name.endsWith(".markdown")) {
			return Type.MARKDOWN;
		}
		if (name.endsWith(".txt")) {
			return Type.TEXT;
		}
		if (name.endsWith(".html") || name.endsWith(".htm")) {
			return Type.HTML;
		}
		throw new UnsupportedContent(
				"Only Markdown (.md), plain text (.txt), HTML (.html) and PDF (.pdf) can be " + "uploaded.");
	}

	/** The visible text of the content, hidden characters removed. */
	static String text(Type type, byte[] content) {
		String text = switch (type) {
			case MARKDOWN, TEXT -> utf8(content);
			case HTML -> html(utf8(content));
			case PDF -> pdf(content);
		};
		text = HiddenText.strip(text).strip();
		if (text.isEmpty()) {
			throw new UnsupportedContent("The file has no text to index.");
		}
		return text;
	}

	private static String utf8(byte[] content) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new UnsupportedContent("The file is not UTF-8 text.");
		}
	}

	private static String html(String html) {
		org.jsoup.nodes.Document document = Jsoup.parse(html);
		document.select("script, style, noscript, template, head, [hidden], [aria-hidden=true]").remove();
		for (Element element : document.getAllElements()) {
			String style = element.attr("style").toLowerCase(Locale.ROOT).replace(" ", "");
			if (style.contains("display:none") || style.contains("visibility:hidden") || style.contains("font-size:0")
					|| style.contains("opacity:0")) {
				element.remove();
			}
		}
		document.outputSettings().prettyPrint(false);
		StringBuilder text = new StringBuilder();
		for (Element block : document.body().select("h1, h2, h3, h4, h5, h6, p, li, td, pre, blockquote")) {
			if (!block.ownText().isBlank() || block.tagName().startsWith("h")) {
				String line = block.text().strip();
				if (!line.isEmpty()) {
					text.append(block.tagName().matches("h[1-6]") ? "## " : "").append(line).append("\n\n");
				}
			}
		}
		return text.isEmpty() ? document.body().text() : text.toString();
	}

	private static String pdf(byte[] content) {
		try (PDDocument document = Loader.loadPDF(content)) {
			return new PDFTextStripper().getText(document).replaceAll("\\r?\\n\\s*\\r?\\n", "\n\n");
		}
		catch (IOException ex) {
			throw new UnsupportedContent("The PDF cannot be read: " + ex.getMessage());
		}
	}

}
