package banyan.llm.provider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The event stream reader: the data of each event whatever the split of the body into
 * network buffers, and every buffer released whether the stream ends, fails or is
 * cancelled (those read, and those dropped unread).
 */
class EventStreamReaderTests {

	static final String STREAM = ": keep-alive comment\n" + "event: message_start\n"
			+ "data: {\"content\":\"Caf\u00e9 \u2713 \ud83d\ude80\"}\n\n" + "id: 7\r\n" + "data: first line\r\n"
			+ "data:second line\r\n\r\n" + "retry: 100\r" + "data: after CR\r\r" + "data\n\n" + "event: ping\n\n"
			+ "data: [DONE]\n\n";

	static final List<String> EVENTS = List.of("{\"content\":\"Caf\u00e9 \u2713 \ud83d\ude80\"}",
			"first line\nsecond line", "after CR", "", "[DONE]");

	final NettyDataBufferFactory buffers = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

	@Test
	void readsTheDataOfEachEventWhereverTheBodyIsSplit() {
		byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
		assertThat(read(List.of(body))).isEqualTo(EVENTS);
		for (int first = 0; first <= body.length; first++) {
			assertThat(read(List.of(Arrays.copyOfRange(body, 0, first), Arrays.copyOfRange(body, first, body.length))))
				.as("split at %d", first)
				.isEqualTo(EVENTS);
			for (int second = first; second <= body.length; second += 7) {
				assertThat(read(List.of(Arrays.copyOfRange(body, 0, first), Arrays.copyOfRange(body, first, second),
						Arrays.copyOfRange(body, second, body.length))))
					.as("split at %d and %d", first, second)
					.isEqualTo(EVENTS);
			}
		}
		List<byte[]> oneByteEach = new ArrayList<>();
		for (byte b : body) {
			oneByteEach.add(new byte[] { b });
		}
		assertThat(read(oneByteEach)).isEqualTo(EVENTS);
	}

	@Test
	void dispatchesTheLastEventWhenTheBodyEndsWithoutItsBlankLine() {
		assertThat(read(List.of(bytes("data: one\n\ndata: two\n")))).containsExactly("one", "two");
		assertThat(read(List.of(bytes("data: one\n\ndata: two")))).containsExactly("one", "two");
		assertThat(read(List.of(bytes(": only a comment")))).isEmpty();
	}

	@Test
	void failsOnAnEventPastTheLimitAndReleasesEveryBuffer() {
		List<NettyDataBuffer> body = List.of(buffer("data: fits\n\n"), buffer("data: " + "a".repeat(40)),
				buffer("a".repeat(40)), buffer("\n\n"));

		assertThatExceptionOfType(DataBufferLimitException.class)
			.isThrownBy(() -> EventStreamReader.data(Flux.<DataBuffer>fromIterable(body), 64).collectList().block())
			.withMessageContaining("64 bytes");

		assertThat(body).allSatisfy((buffer) -> assertThat(buffer.getNativeBuffer().refCnt()).isZero());
	}

	@Test
	void releasesEveryBufferWhenCancelled() {
		List<NettyDataBuffer> body = List.of(buffer("data: one\n\ndata: tw"), buffer("o\n\n"),
				buffer("data: three\n\n"));

		assertThat(EventStreamReader.data(Flux.<DataBuffer>fromIterable(body), 1024).take(1).collectList().block())
			.containsExactly("one");

		assertThat(body).allSatisfy((buffer) -> assertThat(buffer.getNativeBuffer().refCnt()).isZero());
	}

	private List<String> read(List<byte[]> pieces) {
		List<NettyDataBuffer> body = pieces.stream().map((piece) -> {
			NettyDataBuffer buffer = this.buffers.allocateBuffer(Math.max(1, piece.length));
			buffer.write(piece);
			return buffer;
		}).toList();
		List<String> events = EventStreamReader.data(Flux.<DataBuffer>fromIterable(body), 1024).collectList().block();
		assertThat(body).allSatisfy((buffer) -> assertThat(buffer.getNativeBuffer().refCnt()).isZero());
		return events;
	}

	private NettyDataBuffer buffer(String text) {
		NettyDataBuffer buffer = this.buffers.allocateBuffer(text.length());
		buffer.write(bytes(text));
		return buffer;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
