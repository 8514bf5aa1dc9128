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
import dev.distlock.Lock;
import dev.distlock.LockProvider;

/**
 * Threads that each take one lock many times and, under it, increment a counter stored in Redis without any
 * atomicity of its own: a read, a pause, a write. Any two holders at once lose an increment.
 *
 * <p>Each critical section also checks its fencing token as a fenced resource would: it reads the last token seen
 * ({@link #lastTokenKey}), counts a violation ({@link #violationsKey}) unless its own is greater, writes its own, and
 * appends it to the log of tokens in the order the sections ran ({@link #tokensKey}).
 */
final class CounterWorkers {

	static final BlockingSettings PATIENT = BlockingSettings.of(Duration.ofMinutes(1), Duration.ofMillis(100));

	private CounterWorkers() {
	}

	/**
	 * Runs {@code threads} threads of {@code iterations} increments each and returns when all are done.
	 * @throws Exception the first failure of any thread
	 */
	static void run(LockProvider provider, StringRedisTemplate redis, String lockKey, String counterKey, int threads,
			int iterations) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Lock lock = provider.create(lockKey);
				workers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						lock.runBlockingOrFail(() -> {
							fence(redis, counterKey, lock.getFencingToken().orElseThrow());
							increment(redis, counterKey);
						}, PATIENT);
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

	static String lastTokenKey(String counterKey) {
		return counterKey + ":last-token";
	}

	static String violationsKey(String counterKey) {
		return counterKey + ":violations";
	}

	static String tokensKey(String counterKey) {
		return counterKey + ":tokens";
	}

	private static void fence(StringRedisTemplate redis, String counterKey, long token) {
		String last = redis.opsForValue().get(lastTokenKey(counterKey));
		if (last != null && token <= Long.parseLong(last)) {
			redis.opsForValue().increment(violationsKey(counterKey));
		}
		redis.opsForValue().set(lastTokenKey(counterKey), Long.toString(token));
		redis.opsForList().rightPush(tokensKey(counterKey), Long.toString(token));
	}

	private static void increment(StringRedisTemplate redis, String counterKey) {
		String value = redis.opsForValue().get(counterKey);
		long read = (value != null) ? Long.parseLong(value) : 0;
		// Widens the window in which an unexcluded second holder would read the same value.
		Thread.yield();
		redis.opsForValue().set(counterKey, Long.toString(read + 1));
	}

}
