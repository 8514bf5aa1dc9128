package dev.distlock.redis;

import java.time.Duration;

/**
 * The options of a {@link RedisLockAdapter}.
 *
 * <pre>{@code
 * new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults()
 *         .withCommandTimeout(Duration.ofMillis(500)));
 * }</pre>
 *
 * <p>Nothing here depends on the provider's namespace: the keys and channels an adapter uses all derive from the
 * namespaced lock keys it is given, so one adapter setting can never disagree with the provider's namespace.
 *
 * @param commandTimeout how long one lock operation waits for Redis before it fails (its outcome then unknown), so
 * that a dead or frozen Redis costs a lock call about this long, whatever the client's own, usually much longer,
 * timeout; applies with Lettuce, see {@link RedisLockAdapter}
 * @since 0.1.0
 */
public record RedisLockAdapterSettings(Duration commandTimeout) {

	/** The command timeout unless one is chosen: 2 seconds, far above a healthy Redis's milliseconds. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Checks the value.
	 * @param commandTimeout how long one lock operation waits for Redis
	 * @throws IllegalArgumentException if {@code commandTimeout} is {@code null}, not positive, or longer than a day
	 */
	public RedisLockAdapterSettings {
		if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
			throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
		}
		// A bound, not a preference: beyond it the timeout is no longer one a caller can wait out.
		if (commandTimeout.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("commandTimeout must be at most a day, was " + commandTimeout);
		}
	}

	/**
	 * The default settings: command timeout {@link #DEFAULT_COMMAND_TIMEOUT 2 seconds}.
	 * @return the default settings
	 */
	public static RedisLockAdapterSettings defaults() {
		return new RedisLockAdapterSettings(DEFAULT_COMMAND_TIMEOUT);
	}

	/**
	 * These settings with another command timeout.
	 * @param commandTimeout how long one lock operation waits for Redis before it fails
	 * @return new settings
	 * @throws IllegalArgumentException if {@code commandTimeout} is {@code null}, not positive, or longer than a day
	 */
	public RedisLockAdapterSettings withCommandTimeout(Duration commandTimeout) {
		return new RedisLockAdapterSettings(commandTimeout);
	}

}
