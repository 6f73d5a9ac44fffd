package banyan.llm.provider;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import org.springframework.stereotype.Component;

/**
 * Counts tokens with the {@code cl100k_base} encoding, for answers whose provider reports
 * no usage. The figures are estimates for any model that uses another tokenizer.
 * Thread-safe.
 */
@Component
public class TokenCounter {

	private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

	/** The number of tokens in the text. */
	public int count(String text) {
		return text.isEmpty() ? 0 : this.encoding.countTokensOrdinary(text);
	}

}
