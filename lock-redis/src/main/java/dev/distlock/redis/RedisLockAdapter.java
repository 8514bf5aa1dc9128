package dev.distlock.redis;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;

/**
 * A {@link LockAdapter} on Redis, through Spring Data Redis (Lettuce).
 *
 * <p>Work in progress: this skeleton fixes the public API only.
 */
public final class RedisLockAdapter implements LockAdapter, AutoCloseable {

	private final RedisConnectionFactory connectionFactory;

	private final RedisLockAdapterSettings settings;

	/**
	 * Creates an adapter with {@link RedisLockAdapterSettings#defaults() the default settings}.
	 * @param connectionFactory the connections to Redis; the adapter does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter.
	 * @param connectionFactory the connections to Redis; the adapter does not close it
	 * @param settings the options
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings) {
		if (connectionFactory == null) {
			throw new IllegalArgumentException("connectionFactory must not be null");
		}
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		this.connectionFactory = connectionFactory;
		this.settings = settings;
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		throw new UnsupportedOperationException("Not implemented yet");
	}

	@Override
	public boolean release(String key, String owner) {
		throw new UnsupportedOperationException("Not implemented yet");
	}

	@Override
	public boolean forceRelease(String key) {
		throw new UnsupportedOperationException("Not implemented yet");
	}

	@Override
	public boolean refresh(String key, String owner, Duration ttl) {
		throw new UnsupportedOperationException("Not implemented yet");
	}

	@Override
	public Optional<LockHolder> state(String key) {
		throw new UnsupportedOperationException("Not implemented yet");
	}

	/**
	 * Stops the shared release subscription. Does not close the connection factory. Idempotent.
	 */
	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "RedisLockAdapter[releaseChannel=" + this.settings.releaseChannel() + ", connectionFactory="
				+ this.connectionFactory + "]";
	}

}
