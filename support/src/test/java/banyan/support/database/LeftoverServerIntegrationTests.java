package banyan.support.database;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application killed with {@code kill -9} leaves its embedded PostgreSQL running; the
 * next start takes the data directory over, with every committed row.
 */
class LeftoverServerIntegrationTests {

	@TempDir
	Path data;

	@Test
	void startsOnTheDataOfAServerWhoseApplicationWasKilled() throws Exception {
		Process application = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), KilledApplication.class.getName(), this.data.toString())
			.redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(application.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = output.readLine()) != null && !line.equals("ready")) {
			// its start-up lines
		}
		assertThat(line).as("the application's embedded server started").isEqualTo("ready");
		// pg_ctl starts the server on its own: it is no descendant of the application.
		List<ProcessHandle> server = ProcessHandle
			.of(Long.parseLong(Files.readAllLines(this.data.resolve("postmaster.pid")).get(0).strip()))
			.stream()
			.toList();
		application.destroyForcibly();
		application.waitFor(30, TimeUnit.SECONDS);
		try {
			assertThat(server).as("its server outlives it").anyMatch(ProcessHandle::isAlive);

			EmbeddedDatabaseAutoConfiguration configuration = new EmbeddedDatabaseAutoConfiguration();
			try (EmbeddedPostgres postgres = configuration.embeddedPostgres(new EmbeddedDatabaseSettings(this.data, 0));
					HikariDataSource dataSource = configuration.dataSource(postgres);
					Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("select note from kept")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("committed before the kill");
			}
			assertThat(server).as("the left-over server was stopped").noneMatch(ProcessHandle::isAlive);
		}
		finally {
			server.forEach(ProcessHandle::destroyForcibly);
		}
	}

	/** An application that starts its embedded server, commits a row and waits. */
	static final class KilledApplication {

		public static void main(String[] arguments) throws Exception {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(Path.of(arguments[0]))
				.setCleanDataDirectory(false)
				.start();
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create table kept (note text)");
				statement.execute("insert into kept values ('committed before the kill')");
			}
			System.out.println("ready");
			Thread.sleep(Long.MAX_VALUE);
		}

	}

}
