package dev.distlock;

/**
 * Thrown when a {@link ReadWriteLock}'s write half is acquired while its read half holds the key: an upgrade, which
 * would wait for itself (and, with two such owners, for each other) until the wait time ran out. Release the read
 * first. A downgrade (read while writing, then release the write) is allowed.
 *
 * @since 0.1.0
 */
public final class LockUpgradeException extends LockException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param key the lock's key as the user gave it
	 */
	public LockUpgradeException(String key) {
		super(key, "Read-write lock '" + key + "' holds a read and cannot upgrade it to a write: release the read "
				+ "lock first", null);
	}

}
