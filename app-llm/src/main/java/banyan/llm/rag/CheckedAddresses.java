package banyan.llm.rag;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import reactor.core.scheduler.Scheduler;

/**
 * The addresses URL ingestion connects to, resolved for the connection itself (off the
 * event loop, on {@code blocking}) and checked by the {@link UrlPolicy} there: the
 * policy's check before a request resolves the host once, and a name that answers
 * differently the second time (DNS rebinding) must not lead the connection to a private
 * or link-local address.
 */
final class CheckedAddresses extends AddressResolverGroup<InetSocketAddress> {

	private final UrlPolicy policy;

	private final Scheduler blocking;

	CheckedAddresses(UrlPolicy policy, Scheduler blocking) {
		this.policy = policy;
		this.blocking = blocking;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

			@Override
			protected boolean doIsResolved(InetSocketAddress address) {
				return !address.isUnresolved();
			}

			@Override
			protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
				CheckedAddresses.this.blocking.schedule(() -> {
					try {
						promise.trySuccess(checked(unresolved).get(0));
					}
					catch (RuntimeException | UnknownHostException ex) {
						promise.tryFailure(ex);
					}
				});
			}

			@Override
			protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
				CheckedAddresses.this.blocking.schedule(() -> {
					try {
						promise.trySuccess(checked(unresolved));
					}
					catch (RuntimeException | UnknownHostException ex) {
						promise.tryFailure(ex);
					}
				});
			}

		};
	}

	/** Every address of the host, when each of them may be connected to. */
	List<InetSocketAddress> checked(InetSocketAddress unresolved) throws UnknownHostException {
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (InetAddress address : InetAddress.getAllByName(unresolved.getHostString())) {
			String problem = this.policy.problem(address);
			if (problem != null) {
				throw new UrlPolicy.RefusedUrl("The host " + unresolved.getHostString() + " resolved to " + problem
						+ " address " + address.getHostAddress() + " when connecting, which is never fetched.");
			}
			addresses.add(new InetSocketAddress(address, unresolved.getPort()));
		}
		return addresses;
	}

}
