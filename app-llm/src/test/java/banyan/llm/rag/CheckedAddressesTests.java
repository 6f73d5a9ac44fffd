package banyan.llm.rag;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address a fetch connects to is checked when it is resolved for the connection, not
 * only before: a name the policy let through cannot lead the connection inside.
 */
class CheckedAddressesTests {

	@Test
	void refusesAnAddressThePolicyWouldRefuseWhenResolvingForTheConnection() throws Exception {
		CheckedAddresses strict = new CheckedAddresses(new UrlPolicy(List.of("localhost"), false),
				Schedulers.boundedElastic());
		Future<InetSocketAddress> refused = strict.getResolver(ImmediateEventExecutor.INSTANCE)
			.resolve(InetSocketAddress.createUnresolved("localhost", 80))
			.await();
		assertThat(refused.isSuccess()).isFalse();
		assertThat(refused.cause()).isInstanceOf(UrlPolicy.RefusedUrl.class)
			.hasMessageContaining("loopback or private")
			.hasMessageContaining("when connecting");

		Future<List<InetSocketAddress>> all = strict.getResolver(ImmediateEventExecutor.INSTANCE)
			.resolveAll(InetSocketAddress.createUnresolved("169.254.169.254", 80))
			.await();
		assertThat(all.cause()).isInstanceOf(UrlPolicy.RefusedUrl.class).hasMessageContaining("link-local");
	}

	@Test
	void resolvesWhatThePolicyAllows() throws Exception {
		CheckedAddresses development = new CheckedAddresses(new UrlPolicy(List.of("localhost"), true),
				Schedulers.boundedElastic());
		Future<InetSocketAddress> resolved = development.getResolver(ImmediateEventExecutor.INSTANCE)
			.resolve(InetSocketAddress.createUnresolved("localhost", 8080))
			.await();
		assertThat(resolved.isSuccess()).isTrue();
		assertThat(resolved.getNow().getAddress().isLoopbackAddress()).isTrue();
		assertThat(resolved.getNow().getPort()).isEqualTo(8080);
	}

}
