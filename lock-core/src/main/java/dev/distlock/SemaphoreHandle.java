package dev.distlock;

import java.io.Serializable;

/**
 * A {@link Semaphore} as a plain value, to hand to another process: {@link SemaphoreProvider#restore} turns it back
 * into a semaphore with the same namespace, key, limit, owner, TTL and fencing token. It holds the owner, the slot's
 * credential: treat it as a secret.
 *
 * @param slot the semaphore's slot as a lock handle: namespace, key, owner, expiry and the slot's fencing token
 * @param limit how many slots the semaphore has
 * @since 0.1.0
 */
public record SemaphoreHandle(LockHandle slot, int limit) implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * Checks the values; a handle read from outside is untrusted input.
	 * @param slot the slot's handle, checked when it was made
	 * @param limit at least 1
	 * @throws IllegalArgumentException naming the value if {@code slot} is {@code null} or {@code limit} is not
	 * positive
	 */
	public SemaphoreHandle {
		Arguments.requireNonNull("slot", slot);
		Semaphores.requireLimit(limit);
	}

	/**
	 * The handle without its owner, which is the slot's credential: {@code toString} output ends up in logs.
	 * @return the slot's handle as {@link LockHandle#toString()} shows it, and the limit
	 */
	@Override
	public String toString() {
		return "SemaphoreHandle[slot=" + this.slot + ", limit=" + this.limit + "]";
	}

}
