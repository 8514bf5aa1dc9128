package dev.distlock;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception distlock throws about a lock; unchecked, so {@code catch (LockException ex)} is
 * optional and catches them all.
 *
 * @since 0.1.0
 */
public class LockException extends RuntimeException {

	private final String key;

	/**
	 * Creates an exception about {@code key}.
	 * @param key the lock's key as the user gave it
	 * @param message what went wrong
	 * @param cause the underlying failure, if any
	 */
	public LockException(String key, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.key = key;
	}

	/**
	 * The key of the lock concerned, as the user gave it (without namespace).
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

}
