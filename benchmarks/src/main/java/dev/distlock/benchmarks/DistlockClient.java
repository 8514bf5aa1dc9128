package dev.distlock.benchmarks;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.redis.RedisLockAdapter;

/** distlock on Redis as the README shows it: one adapter, one provider, a fresh {@link Lock} per use. */
final class DistlockClient implements LockClient {

	private static final LockSettings SETTINGS = LockSettings.defaults().withTtl(Duration.ofMillis(LEASE_MILLIS));

	// The default interval (1 s): waiters are woken by the release channel, the interval is only the backstop.
	private static final BlockingSettings BLOCKING = BlockingSettings.DEFAULTS.withWaitTime(Duration.ofMillis(WAIT_MILLIS));

	private final LettuceConnectionFactory connectionFactory;

	private final RedisLockAdapter adapter;

	private final LockProvider provider;

	DistlockClient(int port) {
		this.connectionFactory = BenchRedis.connectionFactory(port);
		this.adapter = new RedisLockAdapter(this.connectionFactory);
		this.provider = LockProvider.builder(this.adapter).build();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!this.adapter.isSubscribed()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("distlock's release subscription did not start");
			}
			Thread.onSpinWait();
		}
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		Lock lock = this.provider.create(key, SETTINGS);
		return lock.acquire() ? lock : null;
	}

	@Override
	public @Nullable Object acquire(String key) {
		Lock lock = this.provider.create(key, SETTINGS);
		return lock.acquireBlocking(BLOCKING) ? lock : null;
	}

	@Override
	public void release(Object token) {
		if (!((Lock) token).release()) {
			throw new IllegalStateException("release failed: " + token);
		}
	}

	@Override
	public String describe() {
		return "RedisLockAdapter on a LettuceConnectionFactory (shared native connection), blocking interval 1 s";
	}

	@Override
	public void close() {
		this.adapter.close();
		this.connectionFactory.destroy();
	}

}
