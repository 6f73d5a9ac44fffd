package banyan.llm;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

/**
 * Netty's buffers that a piece of work left unreleased. Netty tracks every buffer while
 * the work runs ({@link ResourceLeakDetector.Level#PARANOID}); a buffer dropped without
 * its release is reported once the garbage collector has taken it and a later buffer is
 * allocated, which this forces. A report from before the work is drained first.
 */
public final class NettyLeaks {

	private NettyLeaks() {
	}

	/** The leak reports Netty gave for what {@code work} left behind. */
	public static List<String> during(Runnable work) throws InterruptedException {
		Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
		ListAppender<ILoggingEvent> reports = new ListAppender<>();
		ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
		reports.start();
		try {
			collect();
			logger.addAppender(reports);
			ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
			work.run();
			collect();
		}
		finally {
			ResourceLeakDetector.setLevel(level);
			logger.detachAppender(reports);
		}
		return reports.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	private static void collect() throws InterruptedException {
		for (int round = 0; round < 3; round++) {
			System.gc();
			Thread.sleep(200);
			// Netty reports what the collector took when it next tracks a buffer.
			for (int i = 0; i < 64; i++) {
				PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
				UnpooledByteBufAllocator.DEFAULT.directBuffer(16).release();
			}
		}
	}

}
