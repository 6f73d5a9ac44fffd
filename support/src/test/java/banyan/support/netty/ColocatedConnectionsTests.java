package banyan.support.netty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call made on an event loop is answered on a connection of that loop, however many
 * connections other loops have left idle in their pools.
 */
class ColocatedConnectionsTests {

	private final LoopResources loops = LoopResources.create("colocated-test", 4, true);

	private final DisposableServer server = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> response.sendString(Mono.just("ok")))
		.bindNow();

	private final ColocatedConnections connections = new ColocatedConnections(
			() -> ConnectionProvider.builder("colocated-test").maxConnections(8).build());

	private final HttpClient client = HttpClient.create(this.connections)
		.runOn(this.loops)
		.baseUrl("http://127.0.0.1:" + this.server.port());

	@AfterEach
	void stop() {
		this.connections.disposeLater().block(Duration.ofSeconds(10));
		this.server.disposeNow();
		this.loops.disposeLater().block(Duration.ofSeconds(10));
	}

	@Test
	void aCallOnAnEventLoopGetsAConnectionOfThatLoop() {
		List<EventLoop> callers = new ArrayList<>();
		this.loops.onClient(true).forEach((executor) -> callers.add((EventLoop) executor));
		assertThat(callers).hasSize(4);
		for (int round = 0; round < 3; round++) {
			for (EventLoop caller : callers) {
				EventLoop served = loopServing(caller);
				assertThat(served).isSameAs(caller);
			}
		}
	}

	@Test
	void aCallFromAnyOtherThreadIsServedToo() {
		Set<String> bodies = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			bodies
				.add(this.client.get().uri("/").responseContent().aggregate().asString().block(Duration.ofSeconds(10)));
		}
		assertThat(bodies).containsExactly("ok");
	}

	private EventLoop loopServing(EventLoop caller) {
		return Mono
			.defer(() -> this.client.get()
				.uri("/")
				.responseConnection((response,
						connection) -> connection.inbound().receive().then(Mono.just(connection.channel().eventLoop())))
				.next())
			.subscribeOn(Schedulers.fromExecutor(caller))
			.block(Duration.ofSeconds(10));
	}

}
