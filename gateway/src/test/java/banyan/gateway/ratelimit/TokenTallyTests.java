package banyan.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the token report out of a stream, wherever the buffers split it.
 */
class TokenTallyTests {

	private static final String STREAM = "event: delta\ndata: {\"text\":\":banyan-tokens=999 in the text\"}\n\n"
			+ "event: metrics\ndata: {}\n\n:banyan-tokens=1234\n\n: ping\n\nevent: end\ndata: {}\n\n";

	@Test
	void readsTheCommentWhereverTheBuffersSplitIt() {
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		for (int split = 0; split <= bytes.length; split++) {
			MockServerHttpResponse response = new MockServerHttpResponse();
			response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
			TokenTally tally = new TokenTally(response);
			DataBufferFactory buffers = response.bufferFactory();
			tally.writeAndFlushWith(Flux.just(Flux.just(buffers.wrap(Arrays.copyOfRange(bytes, 0, split))),
					Flux.just(buffers.wrap(Arrays.copyOfRange(bytes, split, bytes.length)))))
				.block();
			assertThat(tally.tokens()).as("split at %d", split).isEqualTo(1234);
			assertThat(response.getBodyAsString().block()).isEqualTo(STREAM);
		}
	}

	@Test
	void readsTheHeaderOfAWholeAnswer() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().set("Banyan-Tokens", "321");
		TokenTally tally = new TokenTally(response);
		tally.writeWith(Flux.just(response.bufferFactory().wrap("{}".getBytes(StandardCharsets.UTF_8)))).block();
		assertThat(tally.tokens()).isEqualTo(321);
	}

	@Test
	void readsACommentAtTheVeryStartAndAddsUpSeveral() {
		TokenTally tally = new TokenTally(new MockServerHttpResponse());
		for (byte b : ":banyan-tokens=10\n\ndata: x\n\n:banyan-tokens=5\n\n".getBytes(StandardCharsets.UTF_8)) {
			tally.accept(b);
		}
		assertThat(tally.tokens()).isEqualTo(15);
	}

	@Test
	void ignoresTheMarkerInsideData() {
		TokenTally tally = new TokenTally(new MockServerHttpResponse());
		for (byte b : "data: a:banyan-tokens=77\n\n".getBytes(StandardCharsets.UTF_8)) {
			tally.accept(b);
		}
		assertThat(tally.tokens()).isZero();
	}

}
