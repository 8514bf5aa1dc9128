package dev.distlock;

/**
 * Thrown by {@code acquireOrFail}, {@code acquireBlockingOrFail}, {@code runOrFail} and {@code runBlockingOrFail}
 * when another owner holds the key. Seed: {@code KeyAlreadyAcquiredLockError}.
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
