package banyan.llm.rag;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Reading an uploaded file or a fetched page whole, within a size cap.
 */
public final class Bodies {

	private Bodies() {
	}

	/**
	 * The bytes of the body; a body over {@code maxBytes} fails with
	 * {@link ContentTooLarge} saying what was too large.
	 */
	public static Mono<byte[]> read(Publisher<? extends DataBuffer> body, int maxBytes, String what) {
		return DataBufferUtils.join(body, maxBytes)
			.onErrorMap(DataBufferLimitException.class, (tooLarge) -> new ContentTooLarge(what, maxBytes))
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			});
	}

}
