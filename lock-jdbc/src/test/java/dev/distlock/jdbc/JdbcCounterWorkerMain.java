package dev.distlock.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlock.LockProvider;
import dev.distlock.Namespace;

/**
 * The second JVM of {@link JdbcCrossProcessExclusionTests}: connects on its own, prints {@code ready}, waits for a
 * line on standard input, runs its {@link JdbcCounterWorkers}, prints {@code done} and exits 0 (1 on any failure).
 *
 * <p>Arguments: dialect, JDBC URL, user, lock table, counter table, namespace, threads, iterations; the password
 * comes in the environment variable {@value #PASSWORD_VARIABLE}.
 */
public final class JdbcCounterWorkerMain {

	static final String PASSWORD_VARIABLE = "DISTLOCK_TEST_WORKER_PASSWORD";

	private JdbcCounterWorkerMain() {
	}

	/**
	 * Runs the workers.
	 * @param args see the class description
	 * @throws Exception any failure, which makes the exit code 1
	 */
	public static void main(String[] args) throws Exception {
		JdbcDialect dialect = JdbcDialect.valueOf(args[0]);
		int threads = Integer.parseInt(args[6]);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(args[1]);
		config.setUsername(args[2]);
		String password = System.getenv(PASSWORD_VARIABLE);
		config.setPassword((password != null) ? password : "");
		config.setMaximumPoolSize(threads + 2);
		try (HikariDataSource pool = new HikariDataSource(config);
				JdbcLockAdapter adapter = new JdbcLockAdapter(pool,
						JdbcLockAdapterSettings.defaults().withTableName(args[3]).withDialect(dialect));
				LockProvider provider = LockProvider.builder(adapter).namespace(Namespace.of(args[5])).build()) {
			System.out.println("ready");
			new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			JdbcCounterWorkers.run(provider, new JdbcTemplate(pool), args[4], threads, Integer.parseInt(args[7]));
			System.out.println("done");
		}
		System.exit(0);
	}

}
