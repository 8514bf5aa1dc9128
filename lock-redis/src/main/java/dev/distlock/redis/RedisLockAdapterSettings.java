package dev.distlock.redis;

import dev.distlock.Namespace;

/**
 * The options of a {@link RedisLockAdapter}.
 *
 * <pre>{@code
 * new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.forNamespace(Namespace.of("billing")));
 * }</pre>
 *
 * @param releaseChannel the pub/sub channel on which releases are announced; every adapter whose provider uses the
 * same namespace must use the same channel, or their blocked acquires only wake at their next poll
 */
public record RedisLockAdapterSettings(String releaseChannel) {

	/** What the default channel name starts with, followed by the namespace: {@value}. */
	public static final String RELEASE_CHANNEL_PREFIX = "distlock:released:";

	/**
	 * Checks the values.
	 * @param releaseChannel the pub/sub channel on which releases are announced
	 * @throws IllegalArgumentException if {@code releaseChannel} is {@code null} or blank
	 */
	public RedisLockAdapterSettings {
		if (releaseChannel == null || releaseChannel.isBlank()) {
			throw new IllegalArgumentException("releaseChannel must not be null or blank");
		}
	}

	/**
	 * The settings for a provider on {@link Namespace#DEFAULT}: channel {@code "distlock:released:lock"}.
	 * @return the default settings
	 */
	public static RedisLockAdapterSettings defaults() {
		return forNamespace(Namespace.DEFAULT);
	}

	/**
	 * The settings for a provider on {@code namespace}: one release channel per namespace, so that providers on
	 * other namespaces do not hear these releases.
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
		return new RedisLockAdapterSettings(releaseChannel);
	}

}
