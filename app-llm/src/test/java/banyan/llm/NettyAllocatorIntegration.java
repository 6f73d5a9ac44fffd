package banyan.llm;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's adaptive buffer allocator takes a {@code StampedLock} for a moment when it
 * grows or frees a magazine on an event loop: its own short, bounded lock, which
 * BlockHound would report as a blocking call. Only that is allowed; any other blocking
 * call on a Reactor or Netty thread still fails the test.
 */
public class NettyAllocatorIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
	}

}
