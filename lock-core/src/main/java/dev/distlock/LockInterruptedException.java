package dev.distlock;

/**
 * Thrown when a thread is interrupted while it waits in a blocking acquire or for the backend's answer. The thread's
 * interrupt flag is set again before it is thrown. An interrupted acquire did not acquire the lock (one the backend
 * applied anyway is undone in the background); an interrupted release or refresh may or may not have been applied.
 *
 * @since 0.1.0
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

	/**
	 * Creates the exception for an interrupt during a backend call.
	 * @param key the lock's key
	 * @param operation what was being done, for example {@code "acquire"}
	 * @param cause the backend client's report of the interruption
	 */
	public LockInterruptedException(String key, String operation, Throwable cause) {
		super(key, "Interrupted during a backend call to " + operation + " lock '" + key + "'", cause);
	}

}
