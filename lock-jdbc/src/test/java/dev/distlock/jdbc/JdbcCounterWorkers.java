package dev.distlock.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;

/**
 * Threads that each take one lock many times and, under it, increment a counter row with no atomicity of its own:
 * a read, a yield, a write, each statement in autocommit. Two holders at once lose an increment.
 *
 * <p>Each critical section also checks its fencing token as a fenced resource would: the row keeps the last token
 * it saw, and a section whose token is not greater counts a violation.
 */
final class JdbcCounterWorkers {

	static final String LOCK_KEY = "counter";

	// Waiters elsewhere poll this often where no notification wakes them (MariaDB across processes).
	private static final BlockingSettings PATIENT = BlockingSettings.of(Duration.ofMinutes(1), Duration.ofMillis(20));

	private JdbcCounterWorkers() {
	}

	static String createCounterTable(LockTable table) {
		String counter = table.createTable("counter", "id INT PRIMARY KEY, counter_value BIGINT NOT NULL, "
				+ "last_token BIGINT NOT NULL, violations INT NOT NULL");
		table.jdbc()
			.update("INSERT INTO " + counter + " (id, counter_value, last_token, violations) VALUES (1, 0, 0, 0)");
		return counter;
	}

	/**
	 * Runs {@code threads} threads of {@code iterations} increments each and returns when all are done.
	 * @throws Exception the first failure of any thread
	 */
	static void run(LockProvider provider, JdbcTemplate jdbc, String counterTable, int threads, int iterations)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Lock lock = provider.create(LOCK_KEY);
				workers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						lock.runBlockingOrFail(
								() -> increment(jdbc, counterTable, lock.getFencingToken().orElseThrow()), PATIENT);
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void increment(JdbcTemplate jdbc, String counterTable, long token) {
		Map<String, Object> row = jdbc
			.queryForMap("SELECT counter_value, last_token FROM " + counterTable + " WHERE id = 1");
		long value = ((Number) row.get("counter_value")).longValue();
		long lastToken = ((Number) row.get("last_token")).longValue();
		// Widens the window in which an unexcluded second holder would read the same value.
		Thread.yield();
		jdbc.update("UPDATE " + counterTable + " SET counter_value = ?, last_token = ?, violations = violations + ? "
				+ "WHERE id = 1", value + 1, token, (token > lastToken) ? 0 : 1);
	}

}
