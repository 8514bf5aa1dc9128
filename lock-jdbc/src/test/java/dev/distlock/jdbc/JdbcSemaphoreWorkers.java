package dev.distlock.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlock.BlockingSettings;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;

/**
 * Threads that each take a slot of one semaphore of limit {@value #LIMIT} many times and, in it, count themselves in
 * a row of the database: the holders now, and the most there ever were. More holders than the limit at once would
 * show as a maximum above it.
 */
final class JdbcSemaphoreWorkers {

	static final String KEY = "limited";

	static final int LIMIT = 2;

	// Waiters in other processes poll this often: nothing wakes them across processes.
	private static final BlockingSettings PATIENT = BlockingSettings.of(Duration.ofMinutes(1), Duration.ofMillis(20));

	private JdbcSemaphoreWorkers() {
	}

	static String createHoldersTable(LockTable table) {
		String holders = table.createTable("holders",
				"id INT PRIMARY KEY, holders INT NOT NULL, max_holders INT NOT NULL, completed INT NOT NULL");
		table.jdbc().update("INSERT INTO " + holders + " (id, holders, max_holders, completed) VALUES (1, 0, 0, 0)");
		return holders;
	}

	/**
	 * Runs {@code threads} threads of {@code iterations} slots each and returns when all are done.
	 * @throws Exception the first failure of any thread
	 */
	static void run(SemaphoreProvider provider, JdbcTemplate jdbc, String holdersTable, int threads, int iterations)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Semaphore semaphore = provider.create(KEY, LIMIT);
				workers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						semaphore.runBlockingOrFail(() -> occupy(jdbc, holdersTable), PATIENT);
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

	// Each statement is atomic on its own; the maximum is taken from the count before this holder's increment.
	private static void occupy(JdbcTemplate jdbc, String holdersTable) {
		jdbc.update("UPDATE " + holdersTable + " SET max_holders = GREATEST(max_holders, holders + 1), "
				+ "holders = holders + 1 WHERE id = 1");
		// Stays in the slot for a round trip, so that holders overlap when the limit lets them.
		jdbc.queryForObject("SELECT holders FROM " + holdersTable + " WHERE id = 1", Integer.class);
		Thread.yield();
		jdbc.update("UPDATE " + holdersTable + " SET holders = holders - 1, completed = completed + 1 WHERE id = 1");
	}

}
