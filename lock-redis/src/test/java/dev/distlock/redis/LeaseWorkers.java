package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.BlockingSettings;
import dev.distlock.Lease;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;

/**
 * Threads that each hammer one semaphore (limit {@value #LIMIT}) or one read-write lock with {@code runBlocking}, and
 * count the holders inside the critical section in Redis ({@code INCR} on entry, {@code DECR} on exit), so that
 * holders in different JVMs are counted together. Every count seen on entry is appended to a list: for a semaphore,
 * {@link #holdersKey}; for a read-write lock, a reader appends the readers it sees ({@link #readersKey}) and checks
 * that nobody writes, a writer appends the writers it sees ({@link #writersKey}) and checks that nobody reads. A
 * failed check counts in {@link #violationsKey}.
 */
final class LeaseWorkers {

	static final int LIMIT = 2;

	static final BlockingSettings PATIENT = BlockingSettings.of(Duration.ofMinutes(1), Duration.ofMillis(50));

	private LeaseWorkers() {
	}

	static void runSemaphore(SemaphoreProvider semaphores, StringRedisTemplate redis, String key, String counterKey,
			int threads, int iterations) throws Exception {
		run(threads, () -> semaphores.create(key, LIMIT), (lease, i) -> {
			long inside = redis.opsForValue().increment(insideKey(counterKey));
			redis.opsForList().rightPush(holdersKey(counterKey), Long.toString(inside));
			Thread.yield();
			redis.opsForValue().decrement(insideKey(counterKey));
		}, iterations);
	}

	static void runReadWrite(ReadWriteLockProvider locks, StringRedisTemplate redis, String key, String counterKey,
			int threads, int iterations) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				boolean writes = t % 3 == 0;
				workers.add(executor.submit(() -> {
					Lease lease = writes ? locks.create(key).writeLock() : locks.create(key).readLock();
					for (int i = 0; i < iterations; i++) {
						lease.runBlockingOrFail(() -> section(redis, counterKey, writes), PATIENT);
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

	private static void section(StringRedisTemplate redis, String counterKey, boolean writes) {
		String mine = writes ? writersKey(counterKey) : readersKey(counterKey);
		String theirs = writes ? readersKey(counterKey) : writersKey(counterKey);
		long inside = redis.opsForValue().increment(mine + ":inside");
		redis.opsForList().rightPush(mine, Long.toString(inside));
		String other = redis.opsForValue().get(theirs + ":inside");
		if ((writes && inside != 1) || (other != null && Long.parseLong(other) != 0)) {
			redis.opsForValue().increment(violationsKey(counterKey));
		}
		Thread.yield();
		redis.opsForValue().decrement(mine + ":inside");
	}

	private static void run(int threads, java.util.function.Supplier<Lease> leases, Section section, int iterations)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Lease lease = leases.get();
				workers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						int iteration = i;
						lease.runBlockingOrFail(() -> section.run(lease, iteration), PATIENT);
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

	static String insideKey(String counterKey) {
		return counterKey + ":inside";
	}

	static String holdersKey(String counterKey) {
		return counterKey + ":holders";
	}

	static String readersKey(String counterKey) {
		return counterKey + ":readers";
	}

	static String writersKey(String counterKey) {
		return counterKey + ":writers";
	}

	static String violationsKey(String counterKey) {
		return counterKey + ":violations";
	}

	static List<String> allKeys(String counterKey) {
		return List.of(insideKey(counterKey), holdersKey(counterKey), readersKey(counterKey),
				readersKey(counterKey) + ":inside", writersKey(counterKey), writersKey(counterKey) + ":inside",
				violationsKey(counterKey));
	}

	@FunctionalInterface
	interface Section {

		void run(Lease lease, int iteration);

	}

}
