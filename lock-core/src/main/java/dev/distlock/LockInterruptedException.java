package dev.distlock;

/**
 * Thrown when a thread waiting in a blocking acquire is interrupted. The thread's interrupt flag is set again before
 * it is thrown, and the lock was not acquired.
 */
public class LockInterruptedException extends LockException {

	/**
	 * Creates the exception.
	 * @param key the lock's key
	 * @param cause the interruption
	 */
	public LockInterruptedException(String key, InterruptedException cause) {
		super(key, "Interrupted while waiting for lock '" + key + "'", cause);
	}

}
