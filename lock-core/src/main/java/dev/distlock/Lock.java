package dev.distlock;

/**
 * A lock on one key, held by one owner: the seed's {@code ILock}. Created by {@link LockProvider#create(String)}.
 *
 * <p>A {@code Lock} is a handle, not a held resource: creating one touches nothing, and it may be used from any
 * thread. Ownership belongs to the owner token ({@link #getOwner()}), not to a thread, so a lock acquired on one
 * thread may be released on another. Acquiring twice is idempotent: one release frees the key.
 *
 * <p>Methods ending in {@code OrFail} throw where their plain forms return {@code false}. Every method throws
 * {@link LockBackendException} when the backend fails, after firing a
 * {@link dev.distlock.event.LockUnexpectedErrorEvent}, and {@link LockInterruptedException} (interrupt flag set)
 * when the calling thread is interrupted during a backend call or a wait.
 *
 * <p>The {@code run*} methods never lose a lock silently: when the release at the end finds that the lock was lost
 * while the work ran (it expired, was force released or taken over), they fire a
 * {@link dev.distlock.event.LockLostEvent} and throw {@link LockLostException}, which carries the work's value or
 * failure. When the release fails on the backend after the work succeeded, they return the work's value and leave
 * the key to its TTL. Both are the provider's {@link LostLockPolicy} and {@link ReleaseErrorPolicy}.
 *
 * <pre>{@code
 * Lock lock = provider.create("orders:42");
 * if (lock.acquire()) {
 *     try {
 *         // the critical section
 *     }
 *     finally {
 *         lock.release();
 *     }
 * }
 * }</pre>
 *
 * <p>Everything but the key-wide operations below ({@link #forceRelease()}, {@link #getState()}, {@link #toHandle()})
 * is the {@link Lease} a lock shares with semaphore slots and read-write locks.
 *
 * @since 0.1.0
 */
public interface Lock extends Lease {

	/**
	 * Releases the key whoever holds it.
	 * @return {@code true} if a live lock existed
	 */
	boolean forceRelease();

	/**
	 * Tells whether the key is free: nobody holds it, so anyone may acquire it.
	 * @return {@code true} if the state is {@link LockState.Expired}
	 */
	boolean isExpired();

	/**
	 * Tells whether the key is in use: some owner, this one or another, holds it.
	 * @return the opposite of {@link #isExpired()}
	 */
	boolean isLocked();

	/**
	 * Reads the key's state from this owner's point of view, in one round trip.
	 * @return expired (free), unavailable (held by another owner) or acquired (held by this owner)
	 */
	LockState getState();

	/**
	 * This lock as a plain value to hand to another process, where {@link LockProvider#restore(LockHandle)} turns it
	 * back into a lock with the same namespace, key, owner, TTL and fencing token.
	 * @return the handle
	 */
	LockHandle toHandle();

}
