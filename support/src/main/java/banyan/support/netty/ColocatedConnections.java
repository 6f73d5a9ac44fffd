package banyan.support.netty;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * A connection pool per event loop: a call made on an event loop gets a connection that
 * lives on that loop. Reactor Netty opens a new connection on the calling loop, but a
 * single pool hands back whichever idle connection it has, so most answers were read on
 * one loop and written to the client on another: a task and a wake-up of the other thread
 * for every chunk. Here the answer's chunks are read and passed on by one thread. A call
 * from another Netty thread (a database or Redis loop) gets a pool of that thread, one
 * from any other thread (a retry's timer, a worker) a pool of its own. Each pool has the
 * same limits. app-llm pools its provider connections this way, the gateway its proxy
 * connections.
 */
public final class ColocatedConnections implements ConnectionProvider {

	private final Supplier<ConnectionProvider> pools;

	private final ConnectionProvider elsewhere;

	private final Map<Thread, ConnectionProvider> byLoop = new ConcurrentHashMap<>();

	/**
	 * @param pools makes one pool; called once per event loop that makes a call, and once
	 * now
	 */
	public ColocatedConnections(Supplier<ConnectionProvider> pools) {
		this.pools = pools;
		this.elsewhere = pools.get();
	}

	@Override
	public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
			@Nullable Supplier<? extends SocketAddress> remoteAddress,
			@Nullable AddressResolverGroup<?> resolverGroup) {
		return Mono.defer(() -> pool().acquire(config, observer, remoteAddress, resolverGroup));
	}

	private ConnectionProvider pool() {
		Thread thread = Thread.currentThread();
		if (!(thread instanceof FastThreadLocalThread)) {
			return this.elsewhere;
		}
		return this.byLoop.computeIfAbsent(thread, (loop) -> this.pools.get());
	}

	@Override
	public void disposeWhen(SocketAddress address) {
		all().forEach((pool) -> pool.disposeWhen(address));
	}

	@Override
	public Mono<Void> disposeLater() {
		return Mono.when(all().stream().map(ConnectionProvider::disposeLater).toList());
	}

	@Override
	public boolean isDisposed() {
		return this.elsewhere.isDisposed();
	}

	@Override
	public int maxConnections() {
		return this.elsewhere.maxConnections();
	}

	@Override
	public String name() {
		return this.elsewhere.name();
	}

	private List<ConnectionProvider> all() {
		List<ConnectionProvider> all = new ArrayList<>(this.byLoop.values());
		all.add(this.elsewhere);
		return all;
	}

}
