package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReleaseSignals;
import dev.distlock.adapter.ReleaseWatch;

/**
 * A {@link LockAdapter} on Redis, through Spring Data Redis and Lettuce.
 *
 * <pre>{@code
 * RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory);
 * LockProvider locks = LockProvider.builder(adapter).build();
 * // on shutdown: adapter.close();
 * }</pre>
 *
 * <p>A lock is a Redis string: the key is the namespaced lock key, the value its owner, the expiry the lock's TTL.
 * Every operation is one Lua script on that one key, run by SHA (loaded on first use and again after a Redis restart),
 * so it is atomic, takes one round trip and works on Redis Cluster. TTLs are sent relative and applied by Redis, so
 * the clocks of the application servers never matter.
 *
 * <p>Releases are published on {@link RedisLockAdapterSettings#releaseChannel() a channel}, one per namespace. One
 * subscription per adapter (so: one adapter per provider) hears them and wakes the longest-waiting blocked acquire of
 * the released key in this JVM; that acquire's own release wakes the next. While the subscription is down or a
 * message is lost, and when a lock expires, blocked acquires fall back to polling at their interval. Release
 * notifications need an asynchronous client (Lettuce); with any other, blocked acquires only poll.
 *
 * <p>Faults surface as Spring's {@code DataAccessException}s, thrown within the client's command timeout. A
 * single Redis primary is the source of truth: asynchronous replication can lose a lock on failover.
 *
 * <p>Thread-safe. {@link #close()} stops the subscription; the connection factory stays the caller's to close.
 */
public final class RedisLockAdapter implements LockAdapter, AutoCloseable {

	// Tells the acquire script that the lock never expires: Redis rejects a PX of zero, so it cannot mean a TTL.
	private static final String NO_EXPIRY = "0";

	private final RedisLockAdapterSettings settings;

	private final StringRedisTemplate redis;

	private final ReleaseSignals waiters = new ReleaseSignals();

	private final ChannelSubscription subscription;

	/**
	 * Creates an adapter with {@link RedisLockAdapterSettings#defaults() the default settings}, which suit a provider
	 * on the default namespace. Starts subscribing to releases in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter. Starts subscribing to releases in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @param settings the options, for example {@link RedisLockAdapterSettings#forNamespace} the provider's namespace
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings) {
		if (connectionFactory == null) {
			throw new IllegalArgumentException("connectionFactory must not be null");
		}
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		this.settings = settings;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.subscription = new ChannelSubscription(connectionFactory, settings.releaseChannel(), "release",
				"blocked acquires poll until it works",
				(message) -> this.waiters.signal(new String(message, StandardCharsets.UTF_8)));
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		String ttlMillis = (ttl != null) ? Long.toString(toMillis(ttl)) : NO_EXPIRY;
		return run(RedisLockScripts.ACQUIRE, key, owner, ttlMillis);
	}

	@Override
	public boolean release(String key, String owner) {
		boolean released = run(RedisLockScripts.RELEASE, key, owner, this.settings.releaseChannel());
		wakeLocallyWithoutSubscription(released, key);
		return released;
	}

	@Override
	public boolean forceRelease(String key) {
		boolean released = run(RedisLockScripts.FORCE_RELEASE, key, this.settings.releaseChannel());
		wakeLocallyWithoutSubscription(released, key);
		return released;
	}

	@Override
	public boolean refresh(String key, String owner, Duration ttl) {
		return run(RedisLockScripts.REFRESH, key, owner, Long.toString(toMillis(ttl)));
	}

	@Override
	public Optional<LockHolder> state(String key) {
		List<?> ownerAndPttl = this.redis.execute(RedisLockScripts.STATE, List.of(key));
		if (ownerAndPttl == null || ownerAndPttl.isEmpty()) {
			return Optional.empty();
		}
		String owner = (String) ownerAndPttl.get(0);
		long pttl = (Long) ownerAndPttl.get(1);
		return Optional.of(new LockHolder(owner, (pttl >= 0) ? Duration.ofMillis(pttl) : null));
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.waiters.watch(key);
	}

	/**
	 * Tells whether the release subscription is established, so that blocked acquires wake on releases rather than
	 * at their next poll; for health checks and tests. It turns true shortly after construction when Redis is up.
	 * @return whether releases are being heard
	 */
	public boolean isSubscribed() {
		return this.subscription.isSubscribed();
	}

	/**
	 * The options this adapter runs with.
	 * @return the settings
	 */
	public RedisLockAdapterSettings getSettings() {
		return this.settings;
	}

	/**
	 * Stops the release subscription and its thread. Does not close the connection factory. Idempotent.
	 */
	@Override
	public void close() {
		this.subscription.close();
	}

	@Override
	public String toString() {
		return "RedisLockAdapter[releaseChannel=" + this.settings.releaseChannel() + "]";
	}

	private boolean run(RedisScript<Long> script, String key, String... args) {
		Long result = this.redis.execute(script, List.of(key), (Object[]) args);
		return result != null && result == 1L;
	}

	// The published message wakes local waiters too; without a subscription, this JVM's own releases still do.
	private void wakeLocallyWithoutSubscription(boolean released, String key) {
		if (released && !this.subscription.isSubscribed()) {
			this.waiters.signal(key);
		}
	}

	// Rounded up: a TTL is a promise of at least that long, and Redis counts whole milliseconds.
	private static long toMillis(Duration ttl) {
		try {
			return ttl.plusNanos(999_999).toMillis();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
