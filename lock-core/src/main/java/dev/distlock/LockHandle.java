package dev.distlock;

import java.io.Serializable;
import java.util.OptionalLong;

/**
 * A lock reduced to the values that identify it, to hand it to another thread, process or machine: put it in a
 * message, a queue payload or an HTTP body, and turn it back into a live lock there with
 * {@link LockProvider#restore(LockHandle)}. The restored lock has the same owner, so it may release or refresh what
 * the original acquired.
 *
 * <p>Serializable with Java serialization, and plain enough for any format: five values, no behaviour. The owner is
 * the lock's only credential: anyone holding the handle can release the lock, so send it only where you would send
 * the permission to do so.
 *
 * <pre>{@code
 * LockHandle handle = lock.toHandle();              // in the web request
 * queue.send(new ShipOrder(orderId, handle));
 * Lock lock = lockProvider.restore(message.handle()); // in the worker
 * try { ship(); } finally { lock.release(); }
 * }</pre>
 *
 * <p>A handle read from outside is untrusted input, so the constructor checks every value as
 * {@link LockProvider#create} does: strings not blank, well-formed and within {@link LockProvider#MAX_KEY_LENGTH},
 * {@link LockProvider#MAX_OWNER_LENGTH} and {@link Namespace#MAX_ROOT_LENGTH}. Its messages never quote the owner.
 *
 * @param namespace the root of the namespace the lock was created in, for example {@code "lock"}
 * @param key the key as the user gave it
 * @param owner the owner token
 * @param expiry the lock's expiry: its TTL, or never
 * @param token the fencing token of the hold the lock had when the handle was made, or {@code 0} if it held none
 * (or the handle was made by a version without tokens); the restored lock releases and refreshes only that hold
 * @since 0.1.0
 */
public record LockHandle(String namespace, String key, String owner, Expiry.Resolved expiry, long token)
		implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * Checks the values; a handle read from outside is untrusted input.
	 * @param namespace the namespace root
	 * @param key the key
	 * @param owner the owner
	 * @param expiry the expiry
	 * @param token the fencing token, positive, or {@code 0} for none
	 * @throws IllegalArgumentException naming the value if a string is {@code null}, blank, malformed (a lone
	 * surrogate) or too long, {@code namespace} contains {@link Namespace#ROOT_MARKER}, {@code expiry} is
	 * {@code null}, or {@code token} is negative
	 */
	public LockHandle {
		Arguments.requireText("namespace", namespace, Namespace.MAX_ROOT_LENGTH, true);
		if (namespace.contains(Namespace.ROOT_MARKER)) {
			// No provider's root contains it: such a handle could never be restored anywhere.
			throw new IllegalArgumentException("namespace must not contain the root marker '" + Namespace.ROOT_MARKER
					+ "', was " + Arguments.quote(namespace));
		}
		Arguments.requireKey("key", key);
		Arguments.requireOwner("owner", owner);
		Arguments.requireNonNull("expiry", expiry);
		if (token < 0) {
			throw new IllegalArgumentException("token must not be negative, was " + token);
		}
	}

	/**
	 * A handle without a fencing token, as made by a lock that holds nothing.
	 * @param namespace the namespace root
	 * @param key the key
	 * @param owner the owner
	 * @param expiry the expiry
	 * @throws IllegalArgumentException naming the value if a string is {@code null}, blank, malformed or too long,
	 * or {@code expiry} is {@code null}
	 */
	public LockHandle(String namespace, String key, String owner, Expiry.Resolved expiry) {
		this(namespace, key, owner, expiry, 0);
	}

	/**
	 * The fencing token of the hold the handle carries.
	 * @return the token, empty if the handle carries none
	 */
	public OptionalLong fencingToken() {
		return (this.token > 0) ? OptionalLong.of(this.token) : OptionalLong.empty();
	}

	/**
	 * The handle without its owner, which is the lock's credential: {@code toString} output ends up in logs.
	 * @return the handle's namespace, key, expiry and token
	 */
	@Override
	public String toString() {
		return "LockHandle[namespace=" + this.namespace + ", key=" + this.key + ", expiry=" + this.expiry
				+ ", token=" + this.token + "]";
	}

}
