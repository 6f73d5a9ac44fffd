package banyan.gateway.migration;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body is copied as it passes, untouched, up to the cap; a gzip-encoded one is unpacked
 * within the cap too.
 */
class BodyCopyTests {

	@Test
	void copiesWhatPassesWithoutConsumingIt() {
		BodyCopy copy = new BodyCopy(16);
		DataBuffer first = buffer("{\"a\":");
		copy.add(first);
		copy.add(buffer("1}"));
		assertThat(first.readableByteCount()).isEqualTo(5);
		assertThat(copy.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
		assertThat(copy.decoded(null)).isEqualTo(copy.bytes());
		assertThat(copy.decoded("identity")).isEqualTo(copy.bytes());
	}

	@Test
	void keepsNothingOfABodyLargerThanTheCap() {
		BodyCopy copy = new BodyCopy(4);
		copy.add(buffer("abc"));
		copy.add(buffer("de"));
		copy.add(buffer("f"));
		assertThat(copy.bytes()).isNull();
	}

	@Test
	void unpacksGzipWithinTheCapAndRefusesOtherEncodings() throws Exception {
		byte[] packed = gzip("x".repeat(100));
		BodyCopy small = new BodyCopy(packed.length);
		small.add(DefaultDataBufferFactory.sharedInstance.wrap(packed));
		// 100 bytes unpacked do not fit a cap of the packed size.
		assertThat(small.decoded("gzip")).isNull();
		BodyCopy large = new BodyCopy(200);
		large.add(DefaultDataBufferFactory.sharedInstance.wrap(packed));
		assertThat(large.decoded(" GZIP ")).asString(StandardCharsets.UTF_8).isEqualTo("x".repeat(100));
		assertThat(large.decoded("br")).isNull();
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] gzip(String text) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}

}
