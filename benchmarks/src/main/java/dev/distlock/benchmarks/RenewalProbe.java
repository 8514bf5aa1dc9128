package dev.distlock.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Renewal;
import dev.distlock.redis.RedisLockAdapter;

/**
 * Scenario e: what renewal costs. Holds {@value #LOCKS} renewed locks with a {@value #TTL_SECONDS} s TTL (so a
 * renewal period of a third of that) and counts the Redis round trips their renewal takes, from
 * {@code INFO commandstats} deltas (each script call is one round trip), over {@value #PERIODS} periods after one
 * period of warm-up. Also counts the locks found lost, which must be none.
 */
final class RenewalProbe {

	static final int LOCKS = 10_000;

	static final int TTL_SECONDS = 6;

	static final int PERIODS = 5;

	private RenewalProbe() {
	}

	static void run(Path out) throws Exception {
		Duration ttl = Duration.ofSeconds(TTL_SECONDS);
		Duration period = ttl.dividedBy(3);
		LettuceConnectionFactory connectionFactory = BenchRedis.connectionFactory();
		try (BenchRedis redis = new BenchRedis();
				RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory);
				LockProvider provider = LockProvider.builder(adapter).build()) {
			LockSettings renewed = LockSettings.defaults().withTtl(ttl).withRenewal(Renewal.ENABLED);
			List<Lock> locks = new ArrayList<>(LOCKS);
			long acquireStart = System.nanoTime();
			for (int i = 0; i < LOCKS; i++) {
				Lock lock = provider.create("bench:e:" + i, renewed);
				if (!lock.acquire()) {
					throw new IllegalStateException("acquire of a free key failed");
				}
				locks.add(lock);
			}
			Duration acquiring = Duration.ofNanos(System.nanoTime() - acquireStart);
			Thread.sleep(period.toMillis());
			Map<String, Long> before = redis.commandCalls();
			Thread.sleep(period.multipliedBy(PERIODS).toMillis());
			Map<String, Long> after = redis.commandCalls();
			long scripts = delta(before, after, "evalsha") + delta(before, after, "eval");
			long lost = locks.stream().filter(Lock::isLost).count();
			for (Lock lock : locks) {
				lock.release();
			}
			double perPeriod = (double) scripts / PERIODS;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("locks", LOCKS);
			result.put("ttlMillis", ttl.toMillis());
			result.put("periodMillis", period.toMillis());
			result.put("periods", PERIODS);
			result.put("acquireMillis", acquiring.toMillis());
			result.put("scriptCalls", scripts);
			result.put("roundTripsPerPeriod", perPeriod);
			result.put("roundTripsPerPeriodPer100Locks", perPeriod / (LOCKS / 100.0));
			result.put("lost", lost);
			result.put("commands", BenchRedis.perOperation(before, after, 1));
			Json.write(out, result);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
		return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
	}

}
