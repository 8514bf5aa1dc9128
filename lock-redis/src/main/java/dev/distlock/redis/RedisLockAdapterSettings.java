package dev.distlock.redis;

import java.time.Duration;

import dev.distlock.Namespace;

/**
 * The options of a {@link RedisLockAdapter}.
 *
 * <pre>{@code
 * new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.forNamespace(Namespace.of("billing"))
 *         .withCommandTimeout(Duration.ofMillis(500)));
 * }</pre>
 *
 * @param releaseChannel the pub/sub channel on which releases are announced; every adapter whose provider uses the
 * same namespace must use the same channel, or their blocked acquires only wake at their next poll
 * @param commandTimeout how long one lock operation waits for Redis before it fails (its outcome then unknown), so
 * that a dead or frozen Redis costs a lock call about this long, whatever the client's own, usually much longer,
 * timeout; applies with Lettuce, see {@link RedisLockAdapter}
 */
public record RedisLockAdapterSettings(String releaseChannel, Duration commandTimeout) {

	/** What the default channel name starts with, followed by the namespace: {@value}. */
	public static final String RELEASE_CHANNEL_PREFIX = "distlock:released:";

	/** The command timeout unless one is chosen: 2 seconds, far above a healthy Redis's milliseconds. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Checks the values.
	 * @param releaseChannel the pub/sub channel on which releases are announced
	 * @param commandTimeout how long one lock operation waits for Redis
	 * @throws IllegalArgumentException if {@code releaseChannel} is {@code null} or blank, or {@code commandTimeout}
	 * is {@code null}, not positive, or longer than a day
	 */
	public RedisLockAdapterSettings {
		if (releaseChannel == null || releaseChannel.isBlank()) {
			throw new IllegalArgumentException("releaseChannel must not be null or blank");
		}
		if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
			throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
		}
		// A bound, not a preference: beyond it the timeout is no longer one a caller can wait out.
		if (commandTimeout.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("commandTimeout must be at most a day, was " + commandTimeout);
		}
	}

	/**
	 * Settings with {@link #DEFAULT_COMMAND_TIMEOUT the default command timeout}.
	 * @param releaseChannel the pub/sub channel on which releases are announced
	 * @throws IllegalArgumentException if {@code releaseChannel} is {@code null} or blank
	 */
	public RedisLockAdapterSettings(String releaseChannel) {
		this(releaseChannel, DEFAULT_COMMAND_TIMEOUT);
	}

	/**
	 * The settings for a provider on {@link Namespace#DEFAULT}: channel {@code "distlock:released:lock"}, command
	 * timeout 2 seconds.
	 * @return the default settings
	 */
	public static RedisLockAdapterSettings defaults() {
		return forNamespace(Namespace.DEFAULT);
	}

	/**
	 * The settings for a provider on {@code namespace}: one release channel per namespace, so that providers on
	 * other namespaces do not hear these releases; command timeout 2 seconds.
	 * @param namespace the namespace of the provider that uses the adapter
	 * @return the settings, with channel {@code "distlock:released:" + namespace.root()}
	 * @throws IllegalArgumentException if {@code namespace} is {@code null}
	 */
	public static RedisLockAdapterSettings forNamespace(Namespace namespace) {
		if (namespace == null) {
			throw new IllegalArgumentException("namespace must not be null");
		}
		return new RedisLockAdapterSettings(RELEASE_CHANNEL_PREFIX + namespace.root());
	}

	/**
	 * These settings with another release channel.
	 * @param releaseChannel the pub/sub channel on which releases are announced
	 * @return new settings
	 * @throws IllegalArgumentException if {@code releaseChannel} is {@code null} or blank
	 */
	public RedisLockAdapterSettings withReleaseChannel(String releaseChannel) {
		return new RedisLockAdapterSettings(releaseChannel, this.commandTimeout);
	}

	/**
	 * These settings with another command timeout.
	 * @param commandTimeout how long one lock operation waits for Redis before it fails
	 * @return new settings
	 * @throws IllegalArgumentException if {@code commandTimeout} is {@code null}, not positive, or longer than a day
	 */
	public RedisLockAdapterSettings withCommandTimeout(Duration commandTimeout) {
		return new RedisLockAdapterSettings(this.releaseChannel, commandTimeout);
	}

}
