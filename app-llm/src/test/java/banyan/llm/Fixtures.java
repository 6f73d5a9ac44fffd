package banyan.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Responses in the providers' exact wire formats, as OpenAI, OpenAI-compatible servers
 * and Anthropic send them, kept under {@code src/test/resources/openai/} and
 * {@code src/test/resources/anthropic/}.
 */
public final class Fixtures {

	private Fixtures() {
	}

	/** The text of the fixture at {@code path}, for example {@code openai/stream.txt}. */
	public static String named(String path) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture /" + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
