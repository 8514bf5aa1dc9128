package dev.distlock;

/**
 * Thrown by {@code acquireOrFail}, {@code acquireBlockingOrFail}, {@code runOrFail} and {@code runBlockingOrFail}
 * when another owner holds the key. Seed: {@code KeyAlreadyAcquiredLockError}.
 *
 * @since 0.1.0
 */
public class KeyAlreadyAcquiredException extends LockException {

	/**
	 * Creates the exception.
	 * @param key the lock's key
	 */
	public KeyAlreadyAcquiredException(String key) {
		super(key, "Lock '" + key + "' is held by another owner", null);
	}

}
