package dev.distlock;

/**
 * Thrown when the backend failed: unreachable, timed out, or answered with an error. The cause is the backend's
 * own exception. The operation's outcome is unknown; after a failed acquire, distlock releases whatever it may have
 * taken at once (owner-checked), and a failure of that release is added as suppressed.
 *
 * @since 0.1.0
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
