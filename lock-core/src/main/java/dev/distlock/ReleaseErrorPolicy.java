package dev.distlock;

/**
 * What the {@code run*} methods (and {@code @DistributedLock}) do when the release after successful work fails on
 * the backend (a timeout, a dropped connection). The work is done either way; only the key's freeing is in doubt.
 *
 * @since 0.1.0
 */
public enum ReleaseErrorPolicy {

	/**
	 * Return the work's value, log a WARN and fire the unexpected-error event. The default: throwing would make
	 * callers retry work that succeeded, while the lock's TTL frees the key anyway. A lock without expiry is released
	 * again in the background until that succeeds or the provider is closed.
	 */
	LOG,

	/** Throw the {@link LockBackendException}, the work's value being lost to the caller. */
	THROW

}
