package dev.distlock.benchmarks;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;

/** ShedLock's Spring Data Redis provider: one attempt, {@code lockAtLeastFor} zero. It cannot wait. */
final class ShedLockClient implements LockClient {

	private static final Duration LEASE = Duration.ofMillis(LEASE_MILLIS);

	private final LettuceConnectionFactory connectionFactory;

	private final RedisLockProvider provider;

	ShedLockClient() {
		this.connectionFactory = BenchRedis.connectionFactory();
		this.provider = new RedisLockProvider(this.connectionFactory, "bench");
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		return this.provider.lock(new LockConfiguration(Instant.now(), key, LEASE, Duration.ZERO)).orElse(null);
	}

	@Override
	public @Nullable Object acquire(String key) {
		throw new UnsupportedOperationException("ShedLock does not wait for a lock");
	}

	@Override
	public void release(Object token) {
		((SimpleLock) token).unlock();
	}

	@Override
	public boolean canWait() {
		return false;
	}

	@Override
	public String describe() {
		return "shedlock-provider-redis-spring RedisLockProvider, lockAtLeastFor 0";
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

}
