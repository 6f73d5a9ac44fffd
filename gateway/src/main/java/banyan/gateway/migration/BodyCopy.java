package banyan.gateway.migration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * A copy of a body as it passes, up to a cap; beyond the cap, nothing (the sample is
 * dropped, the body itself passes unchanged). Used by one exchange.
 */
final class BodyCopy {

	private final int cap;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private boolean tooLarge;

	BodyCopy(int cap) {
		this.cap = cap;
	}

	/** Copies the buffer's readable bytes, leaving it as it was. */
	void add(DataBuffer buffer) {
		int length = buffer.readableByteCount();
		if (this.tooLarge || this.bytes.size() + length > this.cap) {
			this.tooLarge = true;
			this.bytes.reset();
			return;
		}
		byte[] part = new byte[length];
		int position = buffer.readPosition();
		buffer.read(part);
		buffer.readPosition(position);
		this.bytes.writeBytes(part);
	}

	/** What was copied; {@code null} when the body was larger than the cap. */
	byte @Nullable [] bytes() {
		return this.tooLarge ? null : this.bytes.toByteArray();
	}

	/**
	 * What was copied as the client reads it: a gzip-encoded body unpacked (within the
	 * cap, so a small body cannot unpack into a huge one); {@code null} when too large or
	 * in another encoding.
	 */
	byte @Nullable [] decoded(@Nullable String encoding) {
		byte[] body = bytes();
		if (body == null || encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.strip())) {
			return body;
		}
		if (!"gzip".equalsIgnoreCase(encoding.strip())) {
			return null;
		}
		try (GZIPInputStream unpacked = new GZIPInputStream(new ByteArrayInputStream(body))) {
			byte[] bytes = unpacked.readNBytes(this.cap + 1);
			return (bytes.length > this.cap) ? null : bytes;
		}
		catch (IOException notGzip) {
			return null;
		}
	}

	/** The response, copying its body into this as it is written. */
	ServerHttpResponseDecorator copying(ServerHttpResponse response) {
		return new ServerHttpResponseDecorator(response) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body).doOnNext(BodyCopy.this::add));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(
						Flux.from(body).map((part) -> Flux.from(part).doOnNext(BodyCopy.this::add)));
			}

		};
	}

}
