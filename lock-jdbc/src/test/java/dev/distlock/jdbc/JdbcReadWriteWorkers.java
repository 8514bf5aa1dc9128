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
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockProvider;

/**
 * Threads on one read-write lock: every third turn a write that increments the counter row of
 * {@link JdbcCounterWorkers#createCounterTable} with a non-atomic read and write and checks its fencing token
 * against the last write's; the other turns a read that reads the value twice, with a yield between, and counts a
 * violation if a write changed it meanwhile. A write beside another hold loses an increment or shows as a violation.
 */
final class JdbcReadWriteWorkers {

	static final String KEY = "shared";

	// Waiters in other processes poll this often: nothing wakes them across processes.
	private static final BlockingSettings PATIENT = BlockingSettings.of(Duration.ofMinutes(1), Duration.ofMillis(20));

	private JdbcReadWriteWorkers() {
	}

	/** How many writes {@link #run} makes with these numbers. */
	static int writes(int threads, int iterations) {
		return threads * ((iterations + 2) / 3);
	}

	/**
	 * Runs {@code threads} threads of {@code iterations} turns each and returns when all are done.
	 * @throws Exception the first failure of any thread
	 */
	static void run(ReadWriteLockProvider provider, JdbcTemplate jdbc, String counterTable, int threads,
			int iterations) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				ReadWriteLock lock = provider.create(KEY);
				workers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						if (i % 3 == 0) {
							lock.writeLock()
								.runBlockingOrFail(() -> write(jdbc, counterTable,
										lock.writeLock().getFencingToken().orElseThrow()), PATIENT);
						}
						else {
							lock.readLock().runBlockingOrFail(() -> read(jdbc, counterTable), PATIENT);
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(3, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void write(JdbcTemplate jdbc, String counterTable, long token) {
		Map<String, Object> row = jdbc
			.queryForMap("SELECT counter_value, last_token FROM " + counterTable + " WHERE id = 1");
		long value = ((Number) row.get("counter_value")).longValue();
		long lastToken = ((Number) row.get("last_token")).longValue();
		Thread.yield();
		jdbc.update("UPDATE " + counterTable + " SET counter_value = ?, last_token = ?, violations = violations + ? "
				+ "WHERE id = 1", value + 1, token, (token > lastToken) ? 0 : 1);
	}

	private static void read(JdbcTemplate jdbc, String counterTable) {
		String select = "SELECT counter_value FROM " + counterTable + " WHERE id = 1";
		Long before = jdbc.queryForObject(select, Long.class);
		Thread.yield();
		Long after = jdbc.queryForObject(select, Long.class);
		if (before == null || !before.equals(after)) {
			jdbc.update("UPDATE " + counterTable + " SET violations = violations + 1 WHERE id = 1");
		}
	}

}
