package dev.distlock.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * JDBC calls per uncontended acquire + release of one library ({@link JdbcCalls}, on the client), and the mean time of
 * each kind of call: over {@value #CYCLES} cycles on one thread, then {@value #CYCLES} cycles on each of 8 threads
 * (keys of their own), after a warm-up. The times take a cycle apart: which statement the time goes to, and which
 * ones slow down when 8 threads share the database.
 */
final class JdbcProbe {

	static final int CYCLES = 2000;

	static final int THREADS = 8;

	private JdbcProbe() {
	}

	static void run(String library, Path out) throws Exception {
		JdbcCalls calls = new JdbcCalls();
		try (LockClient client = LockClient.openJdbc(library, calls)) {
			cycles(client, "bench:probe:warm:", 1000);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("library", library);
			result.put("cycles", CYCLES);
			result.put("threads1", measure(client, calls, 1));
			result.put("threads8", measure(client, calls, THREADS));
			result.put("config", client.describe());
			Json.write(out, result);
		}
	}

	private static Map<String, Object> measure(LockClient client, JdbcCalls calls, int threads) throws Exception {
		Map<String, Long> countsBefore = calls.counts();
		Map<String, Long> nanosBefore = calls.nanos();
		CountDownLatch start = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			String prefix = "bench:probe:t" + threads + ":" + t + ":";
			Thread worker = new Thread(() -> {
				try {
					start.await();
					cycles(client, prefix, CYCLES);
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "probe-" + t);
			workers.add(worker);
			worker.start();
		}
		long began = System.nanoTime();
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		long elapsed = System.nanoTime() - began;
		if (failure.get() != null) {
			throw new IllegalStateException("probe failed", failure.get());
		}
		Map<String, Long> countsAfter = calls.counts();
		Map<String, Long> nanosAfter = calls.nanos();
		long cycles = (long) CYCLES * threads;
		Map<String, Double> meanMicros = new LinkedHashMap<>();
		countsAfter.forEach((label, count) -> {
			long n = count - countsBefore.getOrDefault(label, 0L);
			if (n > 0) {
				long nanos = Objects.requireNonNull(nanosAfter.get(label)) - nanosBefore.getOrDefault(label, 0L);
				meanMicros.put(label, nanos / 1e3 / n);
			}
		});
		Map<String, Double> perCycle = BenchRedis.perOperation(countsBefore, countsAfter, cycles);
		double roundTrips = perCycle.entrySet()
			.stream()
			.filter((e) -> JdbcCalls.isRoundTrip(e.getKey()))
			.mapToDouble(Map.Entry::getValue)
			.sum();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("threads", threads);
		result.put("callsPerCycle", perCycle);
		result.put("roundTripsPerCycle", roundTrips);
		result.put("meanMicrosPerCall", meanMicros);
		result.put("cycleMicros", elapsed / 1e3 / CYCLES);
		result.put("cyclesPerSecond", cycles / (elapsed / 1e9));
		return result;
	}

	private static void cycles(LockClient client, String prefix, int count) {
		for (int i = 0; i < count; i++) {
			Object token = client.tryAcquire(prefix + (i % 64));
			if (token == null) {
				throw new IllegalStateException("uncontended acquire failed");
			}
			client.release(token);
		}
	}

}
