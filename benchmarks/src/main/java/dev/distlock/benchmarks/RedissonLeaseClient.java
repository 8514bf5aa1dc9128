package dev.distlock.benchmarks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@link RPermitExpirableSemaphore} (permits with a lease: {@code tryAcquire(waitTime, leaseTime, unit)}
 * returns a permit id, {@code release(permitId)}) and {@code RReadWriteLock} ({@code readLock()}/{@code writeLock()}
 * with a lease time), default {@link Config} on the benchmark Redis: as shipped. The semaphore's permits are set with
 * {@code trySetPermits(LIMIT)} on the first use of a key in this JVM (Redisson has no limit per acquire; distlock's
 * first slot of an idle key records it), so the measured cycles are acquire + release only.
 */
final class RedissonLeaseClient implements LeaseClient {

	private final RedissonClient redisson;

	private final Set<String> permitsSet = ConcurrentHashMap.newKeySet();

	RedissonLeaseClient() {
		Config config = new Config();
		if (BenchRedis.isCluster()) {
			config.useClusterServers().setNodeAddresses(BenchRedis.redisAddresses());
		}
		else {
			config.useSingleServer().setAddress(BenchRedis.redisAddresses().get(0));
		}
		config.setNettyHook(SentCommands.redissonHook());
		this.redisson = Redisson.create(config);
	}

	@Override
	public @Nullable Object tryAcquire(Kind kind, String key) {
		try {
			return acquire(kind, key, 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public @Nullable Object acquire(Kind kind, String key) throws InterruptedException {
		return acquire(kind, key, LockClient.WAIT_MILLIS);
	}

	private @Nullable Object acquire(Kind kind, String key, long waitMillis) throws InterruptedException {
		if (kind == Kind.SLOT) {
			RPermitExpirableSemaphore semaphore = this.redisson.getPermitExpirableSemaphore(key);
			if (this.permitsSet.add(key)) {
				// False when another JVM (or an earlier run on an unflushed server) set them: the permits are there.
				semaphore.trySetPermits(LIMIT);
			}
			String permitId = semaphore.tryAcquire(waitMillis, LockClient.LEASE_MILLIS, TimeUnit.MILLISECONDS);
			return (permitId != null) ? new Permit(semaphore, permitId) : null;
		}
		RLock half = (kind == Kind.READ) ? this.redisson.getReadWriteLock(key).readLock()
				: this.redisson.getReadWriteLock(key).writeLock();
		return half.tryLock(waitMillis, LockClient.LEASE_MILLIS, TimeUnit.MILLISECONDS) ? half : null;
	}

	@Override
	public void release(Object token) {
		if (token instanceof Permit permit) {
			permit.semaphore().release(permit.id());
		}
		else {
			((RLock) token).unlock();
		}
	}

	@Override
	public String describe() {
		return "Redisson 4.7.0, default Config (single server): getPermitExpirableSemaphore(key) per use, trySetPermits("
				+ LIMIT + ") once per key, tryAcquire(wait, 30 s lease) + release(permitId); getReadWriteLock(key) per "
				+ "use, readLock()/writeLock().tryLock(wait, 30 s lease) + unlock()";
	}

	@Override
	public void close() {
		this.redisson.shutdown();
	}

	/** A permit of a semaphore. */
	private record Permit(RPermitExpirableSemaphore semaphore, String id) {
	}

}
