package dev.distlock;

/**
 * Thrown when the backend failed: unreachable, timed out, or answered with an error. The cause is the backend's
 * own exception. The operation's outcome is unknown; a lock it may have taken still expires with its TTL.
 */
public class LockBackendException extends LockException {

	/**
	 * Creates the exception.
	 * @param key the lock's key
	 * @param operation the lock operation that failed, for example {@code "acquire"}
	 * @param cause the backend's failure
	 */
	public LockBackendException(String key, String operation, Throwable cause) {
		super(key, "Lock backend failed to " + operation + " '" + key + "': " + cause, cause);
	}

}
