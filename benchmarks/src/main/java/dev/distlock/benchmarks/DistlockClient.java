package dev.distlock.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.redis.RedisLockAdapter;

/**
 * distlock on Redis as the README shows it: one adapter, one provider, a fresh {@link Lock} per use. Two diagnostic
 * variants take it apart for the report: {@code CHEAP_OWNER} replaces the random UUID owners with a counter, and
 * {@code ADAPTER_ONLY} calls the {@link RedisLockAdapter} directly with a fixed owner per thread (no provider, no
 * lock object, no events): the floor plus Spring Data Redis only.
 */
final class DistlockClient implements LockClient {

	private static final Duration TTL = Duration.ofMillis(LEASE_MILLIS);

	private static final LockSettings SETTINGS = LockSettings.defaults().withTtl(Duration.ofMillis(LEASE_MILLIS));

	// The default interval (1 s): a waiter is handed the key by the release (in memory in this JVM, a grant message
	// from another); the interval is only the backstop for a lost message.
	private static final BlockingSettings BLOCKING = BlockingSettings.DEFAULTS.withWaitTime(Duration.ofMillis(WAIT_MILLIS));

	private final LettuceConnectionFactory connectionFactory;

	private final RedisLockAdapter adapter;

	private final LockProvider provider;

	private final Variant variant;

	private final ThreadLocal<String> threadOwner = ThreadLocal.withInitial(() -> "adapter-" + Thread.currentThread().getId());

	enum Variant {
		AS_SHIPPED, CHEAP_OWNER, ADAPTER_ONLY
	}

	DistlockClient(Variant variant) {
		this.variant = variant;
		this.connectionFactory = BenchRedis.connectionFactory();
		this.adapter = new RedisLockAdapter(this.connectionFactory);
		AtomicLong owners = new AtomicLong();
		this.provider = (variant == Variant.CHEAP_OWNER)
				? LockProvider.builder(this.adapter).ownerGenerator(() -> "owner-" + owners.incrementAndGet()).build()
				: LockProvider.builder(this.adapter).build();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!this.adapter.isSubscribed()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("distlock's grant subscription did not start");
			}
			Thread.onSpinWait();
		}
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		if (this.variant == Variant.ADAPTER_ONLY) {
			String qualified = this.provider.getNamespace().qualify(key);
			String owner = this.threadOwner.get();
			AcquireResult result = this.adapter.acquire(qualified, owner, TTL, ThreadLocalRandom.current().nextLong() | 1);
			return (result instanceof AcquireResult.Acquired acquired) ? new AdapterHold(qualified, owner, acquired.token())
					: null;
		}
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
		if (token instanceof AdapterHold hold) {
			if (this.adapter.release(hold.key(), hold.owner(), hold.token()) != UpdateResult.UPDATED) {
				throw new IllegalStateException("release failed: " + hold.key());
			}
			return;
		}
		if (!((Lock) token).release()) {
			throw new IllegalStateException("release failed: " + token);
		}
	}

	@Override
	public long grantMessages() {
		return this.adapter.getReceivedGrantMessageCount();
	}

	@Override
	public String describe() {
		return switch (this.variant) {
			case AS_SHIPPED -> "RedisLockAdapter on a LettuceConnectionFactory (shared native connection"
					+ (BenchRedis.isCluster() ? ", RedisClusterConfiguration" : "") + "), "
					+ "LockProvider defaults (random UUID owners, local events), blocking interval 1 s";
			case CHEAP_OWNER -> "diagnostic: as shipped, but owners from a counter instead of UUID.randomUUID()";
			case ADAPTER_ONLY -> "diagnostic: RedisLockAdapter.acquire/release called directly, fixed owner per thread";
		};
	}

	@Override
	public void close() {
		this.adapter.close();
		this.connectionFactory.destroy();
	}

	/** What the adapter-only variant holds: the key, the owner and the token it releases with. */
	private record AdapterHold(String key, String owner, long token) {
	}

}
