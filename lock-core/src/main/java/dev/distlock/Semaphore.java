package dev.distlock;

/**
 * A semaphore on one key: at most {@link #getLimit()} owners hold a slot of it at once, across every process that
 * shares the backend. Created by {@link SemaphoreProvider#create(String, int)}.
 *
 * <p>Each slot is a {@link Lease} of this semaphore's owner: everything a {@link Lock} offers for its hold (acquire,
 * blocking, release, refresh, renewal, fencing tokens, {@code run*} with {@link LockResult}, events) applies to the
 * owner's slot. A slot has a TTL like a lock: a holder that crashes gives its slot back when the TTL ends, never
 * later. One owner holds at most one slot; acquiring again is idempotent.
 *
 * <pre>{@code
 * Semaphore reports = semaphores.create("reports", 5);
 * reports.runBlocking(() -> render(report));   // at most 5 at once, cluster-wide
 * }</pre>
 *
 * <p>Every semaphore of one key must use one limit: see {@link SemaphoreLimitMismatchException}.
 *
 * <p>The lock that events of a semaphore carry ({@link dev.distlock.event.LockEvent#lock()}) is its slot: its
 * {@code forceRelease()} frees every slot of the key, as {@link #forceReleaseAll()} does, and its
 * {@code toHandle()} is the slot's {@link LockHandle}, without the limit.
 *
 * @since 0.1.0
 */
public interface Semaphore extends Lease {

	/**
	 * How many slots this semaphore allows.
	 * @return the limit, at least 1
	 */
	int getLimit();

	/**
	 * Reads the key's slots from this owner's point of view, in one round trip.
	 * @return the limit, how many slots are held and this owner's slot
	 */
	SemaphoreState getState();

	/**
	 * Frees every slot of the key, whoever holds it: for operators clearing a stuck key. Holders learn of it when
	 * they next release, refresh or renew (a {@link dev.distlock.event.LockLostEvent}).
	 * @return how many live slots were freed
	 */
	int forceReleaseAll();

	/**
	 * This semaphore as a plain value to hand to another process.
	 * @return the handle, with the owner and the slot's fencing token
	 */
	SemaphoreHandle toHandle();

}
