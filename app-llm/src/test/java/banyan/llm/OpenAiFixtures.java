package banyan.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Responses in OpenAI's exact wire format, as OpenAI and OpenAI-compatible servers send
 * them, kept under {@code src/test/resources/openai/}.
 */
public final class OpenAiFixtures {

	private OpenAiFixtures() {
	}

	/** The fixture's text. */
	public static String named(String name) {
		try (InputStream in = OpenAiFixtures.class.getResourceAsStream("/openai/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture /openai/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
