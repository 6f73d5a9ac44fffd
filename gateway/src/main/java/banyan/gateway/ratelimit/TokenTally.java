package banyan.gateway.ratelimit;

import java.nio.charset.StandardCharsets;

import banyan.contracts.usage.TokenReport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * Learns how many tokens an answer used from what app-llm reports (ADR 11): the
 * {@link TokenReport#HEADER header} of a whole answer, or the {@code :banyan-tokens=<n>}
 * comment line of a stream, matched byte by byte as the buffers pass so that a line split
 * across buffers is still read. Buffers pass through unchanged.
 */
final class TokenTally extends ServerHttpResponseDecorator {

	private static final byte[] MARKER = ("\n:" + TokenReport.COMMENT).getBytes(StandardCharsets.US_ASCII);

	private long tokens;

	/**
	 * How much of {@link #MARKER} the bytes seen last matched; -1 while reading digits.
	 */
	private int matched = 1;

	private long digits;

	private @Nullable Boolean stream;

	TokenTally(ServerHttpResponse delegate) {
		super(delegate);
	}

	/** The tokens reported so far. */
	long tokens() {
		return this.tokens;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return super.writeWith(observed(Flux.from(body)));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(Flux.from(body).map((buffers) -> observed(Flux.from(buffers))));
	}

	private Flux<? extends DataBuffer> observed(Flux<? extends DataBuffer> body) {
		return isStream() ? body.doOnNext(this::scan) : body;
	}

	/**
	 * Whether the answer is a stream, to be scanned for the comment; the header of a
	 * whole one is read now. Decided at the first write (a stream's are one per event)
	 * and remembered.
	 */
	private boolean isStream() {
		if (this.stream == null) {
			String header = getHeaders().getFirst(TokenReport.HEADER);
			if (header != null) {
				try {
					this.tokens = Math.max(this.tokens, Long.parseLong(header.strip()));
				}
				catch (NumberFormatException ex) {
					// Not a count: nothing to charge.
				}
			}
			MediaType type = getHeaders().getContentType();
			this.stream = type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
		}
		return this.stream;
	}

	private void scan(DataBuffer buffer) {
		int end = buffer.writePosition();
		for (int i = buffer.readPosition(); i < end; i++) {
			accept(buffer.getByte(i));
		}
	}

	void accept(byte next) {
		if (this.matched < 0) {
			if (next >= '0' && next <= '9' && this.digits < Long.MAX_VALUE / 10) {
				this.digits = this.digits * 10 + (next - '0');
				return;
			}
			this.tokens += this.digits;
			this.digits = 0;
			this.matched = (next == '\n') ? 1 : 0;
			return;
		}
		if (next == MARKER[this.matched]) {
			this.matched++;
			if (this.matched == MARKER.length) {
				this.matched = -1;
			}
		}
		else {
			this.matched = (next == '\n') ? 1 : 0;
		}
	}

}
