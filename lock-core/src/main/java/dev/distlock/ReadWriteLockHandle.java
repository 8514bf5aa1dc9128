package dev.distlock;

import java.io.Serializable;

/**
 * A {@link ReadWriteLock} as a plain value, to hand to another process: {@link ReadWriteLockProvider#restore} turns
 * it back into a read-write lock with the same namespace, key, owner, TTL and the fencing token of each half. It
 * holds the owner, the lock's credential: treat it as a secret.
 *
 * @param read the read half's handle
 * @param write the write half's handle: the same namespace, key, owner and expiry as {@code read}, its own token
 * @since 0.1.0
 */
public record ReadWriteLockHandle(LockHandle read, LockHandle write) implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * Checks the values; a handle read from outside is untrusted input.
	 * @param read the read half's handle
	 * @param write the write half's handle
	 * @throws IllegalArgumentException naming the value if either is {@code null}, or {@code write} differs from
	 * {@code read} in more than its token
	 */
	public ReadWriteLockHandle {
		Arguments.requireNonNull("read", read);
		Arguments.requireNonNull("write", write);
		if (!read.namespace().equals(write.namespace()) || !read.key().equals(write.key())
				|| !read.owner().equals(write.owner()) || !read.expiry().equals(write.expiry())) {
			// Never says which differs: the owner must not be told apart from the rest by a message either.
			throw new IllegalArgumentException(
					"write must have the namespace, key, owner and expiry of read; only the tokens may differ");
		}
	}

	/**
	 * The handle without its owner, which is the lock's credential: {@code toString} output ends up in logs.
	 * @return the namespace, key, expiry and both tokens
	 */
	@Override
	public String toString() {
		return "ReadWriteLockHandle[namespace=" + this.read.namespace() + ", key=" + this.read.key() + ", expiry="
				+ this.read.expiry() + ", readToken=" + this.read.token() + ", writeToken=" + this.write.token() + "]";
	}

}
