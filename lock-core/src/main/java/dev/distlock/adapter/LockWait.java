package dev.distlock.adapter;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A blocking acquire's place in line for one key, opened by {@link LockAdapter#openWait} and used by one thread.
 *
 * <p>The provider calls {@link #attempt()}; while the key is held, {@link #awaitGrant(Duration)}; then
 * {@link #attempt()} again, and so on, until the key is acquired or its wait time is over; then {@link #close()}.
 * An adapter that queues waiters on its backend may hand a released key straight to the first waiter in line, so
 * that the waiter learns of it from {@link #awaitGrant(Duration)} without another round trip. Every attempt of one
 * wait carries the same attempt id (the one given to {@link LockAdapter#openWait}), so that
 * {@link LockAdapter#undoAcquire} can still free a hold this wait got without learning of it.
 *
 * @since 0.1.0
 */
public interface LockWait extends AutoCloseable {

	/**
	 * Tries to acquire the key, and keeps this wait's place in line if it is held. An adapter may answer
	 * {@link AcquireResult.Unavailable} without asking its backend when it knows the attempt would be in vain (an
	 * earlier waiter of the same key in this process goes first, or this wait is in line and nothing happened since).
	 * @return what happened, as {@link LockAdapter#acquire}
	 */
	AcquireResult attempt();

	/**
	 * Waits until the key was handed to this wait, until it may have been released (a hint: the caller attempts
	 * again), or until the timeout elapses.
	 * @param timeout the longest time to wait
	 * @return the grant, if the key now belongs to this wait's owner (under a new fencing token, with the wait's TTL
	 * from when it was handed over); {@code null} otherwise
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	@Nullable Grant awaitGrant(Duration timeout) throws InterruptedException;

	/**
	 * The key was handed to a wait: it belongs to the wait's owner under a new fencing token, with the wait's TTL
	 * counted from the hand-over.
	 *
	 * @param token the new fencing token
	 * @param age how long ago at most the key was handed over, by the adapter's own reckoning (the send time of the
	 * backend call after which it happened): the hold has its TTL less this left, or more, never less
	 */
	record Grant(long token, Duration age) {

		/**
		 * Checks the values.
		 * @param token the fencing token, positive
		 * @param age not negative
		 */
		public Grant {
			if (token <= 0) {
				throw new IllegalArgumentException("token must be positive, was " + token);
			}
			if (age == null || age.isNegative()) {
				throw new IllegalArgumentException("age must not be negative, was " + age);
			}
		}

	}

	/**
	 * Stops waiting. A wait whose {@link #attempt()} or {@link #awaitGrant(Duration)} returned the key only forgets
	 * its place. Any other leaves the line, and if the key was handed to it meanwhile, passes the key on, atomically.
	 * @throws RuntimeException on a backend fault: then the wait may still be in line, or hold the key, until its
	 * wait time or the key's TTL ends, and the caller owes {@link LockAdapter#undoAcquire} with its attempt id
	 */
	@Override
	void close();

}
