package banyan.support.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server of an application that was killed before it could stop
 * it ({@code kill -9}, a crash): it keeps running on the data directory, and no new
 * server can start there while it does. It is stopped here, cleanly, before the new one
 * starts; nothing it holds is lost, since every commit is in its write-ahead log.
 * <p>
 * A server is left over only when no living application holds the directory's lock (the
 * embedded server's {@code epg-lock}, held while its application runs); a server whose
 * application still runs is never touched.
 */
public final class LeftoverServer {

	private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

	private LeftoverServer() {
	}

	/** Stops a left-over server on the data directory, if there is one. */
	public static void stopIfAny(Path dataDirectory, Duration patience) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		Path lockFile = dataDirectory.resolve("epg-lock");
		if (!Files.isRegularFile(pidFile) || !Files.isRegularFile(lockFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock()) {
			if (lock == null) {
				// Its application runs: the embedded server's own start reports that.
				return;
			}
			Optional<ProcessHandle> server = server(pidFile);
			if (server.isEmpty()) {
				// A stale pid file: PostgreSQL sees that by itself.
				return;
			}
			log.warn("Stopping PostgreSQL (pid {}) left running on {} by an application that did not stop it",
					server.get().pid(), dataDirectory.toAbsolutePath().normalize());
			// SIGTERM: a smart shutdown, with a checkpoint; its clients died with their
			// application.
			server.get().destroy();
			server.get().onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (OverlappingFileLockException ex) {
			// This very process runs a server there.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping a left-over PostgreSQL", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("PostgreSQL left running on " + dataDirectory + " did not stop within "
					+ patience.toSeconds() + " s; stop it, then start again", ex);
		}
	}

	private static Optional<ProcessHandle> server(Path pidFile) throws IOException {
		List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).strip());
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter((
					process) -> process.info().command().map((command) -> command.endsWith("/postgres")).orElse(false));
	}

}
