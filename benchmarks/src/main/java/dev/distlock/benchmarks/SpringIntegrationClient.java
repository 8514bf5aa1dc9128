package dev.distlock.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

/** Spring Integration's {@link RedisLockRegistry}, version from the Boot BOM, in spin or pub/sub mode. */
final class SpringIntegrationClient implements LockClient {

	private final LettuceConnectionFactory connectionFactory;

	private final RedisLockRegistry registry;

	private final RedisLockType type;

	SpringIntegrationClient(boolean pubSub) {
		this.connectionFactory = BenchRedis.connectionFactory();
		this.registry = new RedisLockRegistry(this.connectionFactory, "distlock-bench", Duration.ofMillis(LEASE_MILLIS));
		this.type = pubSub ? RedisLockType.PUB_SUB_LOCK : RedisLockType.SPIN_LOCK;
		this.registry.setRedisLockType(this.type);
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		Lock lock = this.registry.obtain(key);
		return lock.tryLock() ? lock : null;
	}

	@Override
	public @Nullable Object acquire(String key) throws InterruptedException {
		Lock lock = this.registry.obtain(key);
		return lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS) ? lock : null;
	}

	@Override
	public void release(Object token) {
		((Lock) token).unlock();
	}

	@Override
	public String describe() {
		return "RedisLockRegistry " + this.type + ", defaults otherwise";
	}

	@Override
	public void close() {
		this.registry.destroy();
		this.connectionFactory.destroy();
	}

}
