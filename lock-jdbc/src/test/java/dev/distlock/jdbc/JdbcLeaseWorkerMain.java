package dev.distlock.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;

/**
 * The second JVM of {@link JdbcLeaseCrossProcessTests}: connects on its own and, by its first argument,
 * <ul>
 * <li>{@code limit}: prints {@code ready}, waits for a line on standard input, runs its {@link JdbcSemaphoreWorkers},
 * prints {@code done} and exits 0 (1 on any failure);</li>
 * <li>{@code rw}: the same with {@link JdbcReadWriteWorkers};</li>
 * <li>{@code crash}: takes the one slot of {@value #CRASH_KEY} with a TTL of {@value #CRASH_TTL_MILLIS} ms, prints
 * {@code ready} and waits on standard input to be killed.</li>
 * </ul>
 *
 * <p>Then: dialect, JDBC URL, user, lock table, counter table, namespace, threads, iterations; the password comes in
 * the environment variable {@value JdbcCounterWorkerMain#PASSWORD_VARIABLE}.
 */
public final class JdbcLeaseWorkerMain {

	static final String CRASH_KEY = "crashing";

	static final long CRASH_TTL_MILLIS = 2000;

	private JdbcLeaseWorkerMain() {
	}

	/**
	 * Runs the workers or takes the slot.
	 * @param args see the class description
	 * @throws Exception any failure, which makes the exit code 1
	 */
	public static void main(String[] args) throws Exception {
		JdbcDialect dialect = JdbcDialect.valueOf(args[1]);
		int threads = Integer.parseInt(args[7]);
		int iterations = Integer.parseInt(args[8]);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(args[2]);
		config.setUsername(args[3]);
		String password = System.getenv(JdbcCounterWorkerMain.PASSWORD_VARIABLE);
		config.setPassword((password != null) ? password : "");
		config.setMaximumPoolSize(threads + 2);
		JdbcLockAdapterSettings settings = JdbcLockAdapterSettings.defaults().withTableName(args[4]).withDialect(dialect);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (HikariDataSource pool = new HikariDataSource(config)) {
			if (args[0].equals("rw")) {
				try (ReadWriteLockProvider provider = ReadWriteLockProvider.create(
						new JdbcReadWriteLockAdapter(pool, settings), (builder) -> builder.namespace(Namespace.of(args[6])))) {
					System.out.println("ready");
					in.readLine();
					JdbcReadWriteWorkers.run(provider, new JdbcTemplate(pool), args[5], threads, iterations);
					System.out.println("done");
				}
				System.exit(0);
			}
			try (SemaphoreProvider provider = SemaphoreProvider.create(new JdbcSemaphoreAdapter(pool, settings),
					(builder) -> builder.namespace(Namespace.of(args[6])))) {
				if (args[0].equals("crash")) {
					Semaphore slot = provider.create(CRASH_KEY, 1,
							LockSettings.defaults().withTtl(Duration.ofMillis(CRASH_TTL_MILLIS)));
					if (!slot.acquire()) {
						throw new IllegalStateException("The slot was taken");
					}
					System.out.println("ready");
					// Killed while it waits here: the slot is never released.
					in.readLine();
					return;
				}
				System.out.println("ready");
				in.readLine();
				JdbcSemaphoreWorkers.run(provider, new JdbcTemplate(pool), args[5], threads, iterations);
				System.out.println("done");
			}
		}
		System.exit(0);
	}

}
