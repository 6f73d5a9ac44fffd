package banyan.llm.rag;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reading an uploaded file or a fetched page whole, within a size cap.
 */
public final class Bodies {

	private Bodies() {
	}

	/**
	 * The bytes of the body; a body over {@code maxBytes} fails with 413 saying what was
	 * too large.
	 */
	public static Mono<byte[]> read(Publisher<? extends DataBuffer> body, int maxBytes, String what) {
		return DataBufferUtils.join(body, maxBytes)
			.onErrorMap(DataBufferLimitException.class,
					(tooLarge) -> new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
							what + " is larger than " + maxBytes + " bytes."))
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			});
	}

}
