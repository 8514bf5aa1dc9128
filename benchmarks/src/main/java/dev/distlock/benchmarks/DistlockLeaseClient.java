package dev.distlock.benchmarks;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lease;
import dev.distlock.LockSettings;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.MemoryReadWriteLockAdapter;
import dev.distlock.adapter.MemorySemaphoreAdapter;
import dev.distlock.redis.RedisLockAdapterSettings;
import dev.distlock.redis.RedisReadWriteLockAdapter;
import dev.distlock.redis.RedisSemaphoreAdapter;

/**
 * distlock's {@link SemaphoreProvider} and {@link ReadWriteLockProvider} as the README shows them: one adapter and
 * one provider each (both adapters on one {@code LettuceConnectionFactory}), a fresh {@code Semaphore} or {@code ReadWriteLock} per use (a random UUID owner each), a 30 s
 * TTL, blocking with the default interval. On the Redis adapters, or (diagnostic {@code distlock-memory}) on the
 * memory adapters: what the core costs without a backend.
 */
final class DistlockLeaseClient implements LeaseClient {

	private static final LockSettings SETTINGS = LockSettings.defaults().withTtl(Duration.ofMillis(LockClient.LEASE_MILLIS));

	private static final BlockingSettings BLOCKING = BlockingSettings.DEFAULTS
		.withWaitTime(Duration.ofMillis(LockClient.WAIT_MILLIS));

	private final boolean memory;

	private final SemaphoreProvider semaphores;

	private final ReadWriteLockProvider readWriteLocks;

	private final Runnable closer;

	DistlockLeaseClient(boolean memory) {
		this.memory = memory;
		if (memory) {
			this.semaphores = SemaphoreProvider.create(new MemorySemaphoreAdapter());
			this.readWriteLocks = ReadWriteLockProvider.create(new MemoryReadWriteLockAdapter());
			this.closer = () -> {
			};
			return;
		}
		LettuceConnectionFactory connectionFactory = BenchRedis.connectionFactory();
		RedisSemaphoreAdapter semaphoreAdapter = new RedisSemaphoreAdapter(connectionFactory,
				RedisLockAdapterSettings.defaults());
		RedisReadWriteLockAdapter readWriteAdapter = new RedisReadWriteLockAdapter(connectionFactory,
				RedisLockAdapterSettings.defaults());
		this.semaphores = SemaphoreProvider.create(semaphoreAdapter);
		this.readWriteLocks = ReadWriteLockProvider.create(readWriteAdapter);
		this.closer = () -> {
			semaphoreAdapter.close();
			readWriteAdapter.close();
			connectionFactory.destroy();
		};
		// Waiters are woken by release messages: measure once both adapters hear them.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!semaphoreAdapter.isSubscribed() || !readWriteAdapter.isSubscribed()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("distlock's release subscriptions did not start");
			}
			Thread.onSpinWait();
		}
	}

	private Lease lease(Kind kind, String key) {
		return switch (kind) {
			case SLOT -> this.semaphores.create(key, LIMIT, SETTINGS);
			case READ -> this.readWriteLocks.create(key, SETTINGS).readLock();
			case WRITE -> this.readWriteLocks.create(key, SETTINGS).writeLock();
		};
	}

	@Override
	public @Nullable Object tryAcquire(Kind kind, String key) {
		Lease lease = lease(kind, key);
		return lease.acquire() ? lease : null;
	}

	@Override
	public @Nullable Object acquire(Kind kind, String key) {
		Lease lease = lease(kind, key);
		return lease.acquireBlocking(BLOCKING) ? lease : null;
	}

	@Override
	public void release(Object token) {
		if (!((Lease) token).release()) {
			throw new IllegalStateException("release failed: " + ((Lease) token).getKey());
		}
	}

	@Override
	public String describe() {
		return this.memory
				? "diagnostic: SemaphoreProvider/ReadWriteLockProvider on MemorySemaphoreAdapter/MemoryReadWriteLockAdapter "
						+ "(no Redis), defaults otherwise"
				: "SemaphoreProvider.create(RedisSemaphoreAdapter) and ReadWriteLockProvider.create(RedisReadWriteLockAdapter) "
						+ "on a LettuceConnectionFactory, RedisLockAdapterSettings.defaults(), provider defaults (random UUID "
						+ "owners, local events), a new Semaphore/ReadWriteLock per use, blocking interval 1 s";
	}

	@Override
	public void close() {
		this.semaphores.close();
		this.readWriteLocks.close();
		this.closer.run();
	}

}
