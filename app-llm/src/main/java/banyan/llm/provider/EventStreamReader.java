package banyan.llm.provider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Reads a provider's {@code text/event-stream} body (the WHATWG server-sent events
 * format) into the {@code data} of each event. Every network buffer is copied and
 * released as it arrives, so no buffer is held across reads: a stream that fails or is
 * cancelled half-way leaves nothing to release. Spring's own reader, which keeps the
 * buffers of an unfinished line, leaked them when a line went past its limit. One reader
 * per response.
 */
final class EventStreamReader {

	private final int maxEventBytes;

	private byte[] line = new byte[512];

	private int lineLength;

	private boolean afterCarriageReturn;

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private int eventBytes;

	private EventStreamReader(int maxEventBytes) {
		this.maxEventBytes = maxEventBytes;
	}

	/**
	 * The data of each event of a body, in order. An event is dispatched at its blank
	 * line, or at the end of the body; a comment, or an event without a {@code data}
	 * field, gives nothing.
	 * @param body the response body
	 * @param maxEventBytes the most bytes the lines of one event may have; past it the
	 * flux fails with {@link DataBufferLimitException}
	 */
	static Flux<String> data(Flux<DataBuffer> body, int maxEventBytes) {
		return Flux.defer(() -> {
			EventStreamReader reader = new EventStreamReader(maxEventBytes);
			return body.map(reader::read)
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
				.concatWith(Mono.fromSupplier(reader::end))
				.concatMapIterable((events) -> events);
		});
	}

	/** The events a buffer completes. Releases the buffer. */
	private List<String> read(DataBuffer buffer) {
		byte[] bytes;
		try {
			bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
		List<String> events = new ArrayList<>(1);
		int start = 0;
		for (int i = 0; i < bytes.length; i++) {
			byte b = bytes[i];
			if (b != '\n' && b != '\r') {
				continue;
			}
			boolean secondHalfOfCrLf = (i == start) && this.afterCarriageReturn && b == '\n';
			this.afterCarriageReturn = (b == '\r');
			if (!secondHalfOfCrLf) {
				append(bytes, start, i - start);
				endLine(events);
			}
			start = i + 1;
		}
		if (start < bytes.length) {
			this.afterCarriageReturn = false;
			append(bytes, start, bytes.length - start);
		}
		return events;
	}

	/** The last event, when the body ended without its blank line. */
	private List<String> end() {
		List<String> events = new ArrayList<>(1);
		if (this.lineLength > 0) {
			endLine(events);
		}
		if (this.hasData) {
			events.add(this.data.toString());
		}
		return events;
	}

	private void append(byte[] bytes, int from, int length) {
		this.eventBytes += length;
		if (this.eventBytes > this.maxEventBytes) {
			throw new DataBufferLimitException(
					"The provider sent an event longer than " + this.maxEventBytes + " bytes");
		}
		if (this.lineLength + length > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(this.line.length * 2, this.lineLength + length));
		}
		System.arraycopy(bytes, from, this.line, this.lineLength, length);
		this.lineLength += length;
	}

	private void endLine(List<String> events) {
		int length = this.lineLength;
		this.lineLength = 0;
		if (length == 0) {
			if (this.hasData) {
				events.add(this.data.toString());
			}
			this.data.setLength(0);
			this.hasData = false;
			this.eventBytes = 0;
			return;
		}
		if (isData(length)) {
			int value = (length == 4) ? 4 : (length > 5 && this.line[5] == ' ') ? 6 : 5;
			if (this.hasData) {
				this.data.append('\n');
			}
			this.data.append(new String(this.line, value, length - value, StandardCharsets.UTF_8));
			this.hasData = true;
		}
		// Comments (":…") and the other fields (event, id, retry) carry nothing a
		// provider
		// adapter reads.
	}

	/** Whether the line is a data field: {@code data}, alone or followed by a colon. */
	private boolean isData(int length) {
		return length >= 4 && this.line[0] == 'd' && this.line[1] == 'a' && this.line[2] == 't' && this.line[3] == 'a'
				&& (length == 4 || this.line[4] == ':');
	}

}
