package dev.distlock;

/**
 * What the {@code run*} methods (and {@code @DistributedLock}) do when, at the end of the work, the lock turns out to
 * have been lost while the work ran: expired, force released or taken over, so that another holder may have run the
 * same work at the same time.
 *
 * @since 0.1.0
 */
public enum LostLockPolicy {

	/**
	 * Throw {@link LockLostException} after the work returned, carrying the work's value or failure. The default: a
	 * lost lock is a broken guarantee, and the caller must hear of it.
	 */
	THROW,

	/**
	 * Return the work's value (or rethrow its failure) as if nothing happened; the loss is reported only by the
	 * {@link dev.distlock.event.LockLostEvent} and {@link Lock#isLost()}.
	 */
	NOTIFY

}
