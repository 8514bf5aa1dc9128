package dev.distlock.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@link RLock}: as shipped (default {@link Config}, single server, or cluster servers on the cluster) or with its thread pools sized for
 * this machine ({@code threads} = cores, {@code nettyThreads} = 2 × cores). An explicit lease, so no watchdog runs.
 */
final class RedissonLockClient implements LockClient {

	private final Config config;

	private final RedissonClient redisson;

	RedissonLockClient(boolean sized) {
		this.config = new Config();
		if (BenchRedis.isCluster()) {
			this.config.useClusterServers().setNodeAddresses(BenchRedis.redisAddresses());
		}
		else {
			this.config.useSingleServer().setAddress(BenchRedis.redisAddresses().get(0));
		}
		// Counts what Redisson sends when the harness asked for it (SentCommands); a no-op otherwise.
		this.config.setNettyHook(SentCommands.redissonHook());
		if (sized) {
			int cores = Runtime.getRuntime().availableProcessors();
			this.config.setThreads(cores);
			this.config.setNettyThreads(2 * cores);
		}
		this.redisson = Redisson.create(this.config);
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		RLock lock = this.redisson.getLock(key);
		try {
			return lock.tryLock(0, LEASE_MILLIS, TimeUnit.MILLISECONDS) ? lock : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public @Nullable Object acquire(String key) throws InterruptedException {
		RLock lock = this.redisson.getLock(key);
		return lock.tryLock(WAIT_MILLIS, LEASE_MILLIS, TimeUnit.MILLISECONDS) ? lock : null;
	}

	@Override
	public void release(Object token) {
		((RLock) token).unlock();
	}

	@Override
	public String describe() {
		return "threads=" + this.config.getThreads() + ", nettyThreads=" + this.config.getNettyThreads()
				+ " (0 means Redisson's own default)";
	}

	@Override
	public void close() {
		this.redisson.shutdown();
	}

}
