package dev.distlock;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * What every hold an owner takes on a key has in common: a {@link Lock}'s hold, a {@link Semaphore}'s slot and either
 * half of a {@link ReadWriteLock}. Each is a lease: it belongs to an owner token (never a thread), lives for its TTL
 * unless refreshed or renewed, and carries a fencing token. In the descriptions below, "the lock" and "the key" mean
 * this lease and what it is taken on: for a semaphore, one of its slots; for a read or write half, that kind of hold.
 *
 * <p>Methods ending in {@code OrFail} throw where their plain forms return {@code false}. Every method throws
 * {@link LockBackendException} when the backend fails, after firing a
 * {@link dev.distlock.event.LockUnexpectedErrorEvent}, and {@link LockInterruptedException} (interrupt flag set)
 * when the calling thread is interrupted during a backend call or a wait. The {@code run*} methods never lose a lease
 * silently, as {@link Lock} describes.
 *
 * @since 0.1.0
 */
public interface Lease {

	/**
	 * Acquires the key if it is free, once, without waiting.
	 * @return {@code true} if this lock's owner holds the key now (also when it already did)
	 */
	boolean acquire();

	/**
	 * Acquires the key if it is free, once, without waiting.
	 * @throws KeyAlreadyAcquiredException if another owner holds the key
	 */
	void acquireOrFail();

	/**
	 * Acquires the key, waiting for it as long as the provider's default {@link BlockingSettings} say.
	 * @return {@code true} if acquired within the wait time
	 * @throws LockInterruptedException if the waiting thread is interrupted
	 */
	boolean acquireBlocking();

	/**
	 * Acquires the key, waiting up to {@code settings.waitTime()}. Makes at least one attempt, returns as soon as
	 * the key is acquired, and retries whenever the adapter signals a release or, failing that, every
	 * {@code settings.interval()}.
	 * @param settings the wait time and retry interval
	 * @return {@code true} if acquired within the wait time
	 * @throws IllegalArgumentException if {@code settings} is {@code null}
	 * @throws LockInterruptedException if the waiting thread is interrupted
	 */
	boolean acquireBlocking(BlockingSettings settings);

	/**
	 * Like {@link #acquireBlocking()}, but throws when the wait time is up.
	 * @throws KeyAlreadyAcquiredException if another owner still held the key when the wait time was up
	 * @throws LockInterruptedException if the waiting thread is interrupted
	 */
	void acquireBlockingOrFail();

	/**
	 * Like {@link #acquireBlocking(BlockingSettings)}, but throws when the wait time is up.
	 * @param settings the wait time and retry interval
	 * @throws IllegalArgumentException if {@code settings} is {@code null}
	 * @throws KeyAlreadyAcquiredException if another owner still held the key when the wait time was up
	 * @throws LockInterruptedException if the waiting thread is interrupted
	 */
	void acquireBlockingOrFail(BlockingSettings settings);

	/**
	 * Releases the key if this lock's owner holds it.
	 * @return {@code true} if released; {@code false} if the owner did not hold it, and then nothing changed
	 */
	boolean release();

	/**
	 * Releases the key if this lock's owner holds it.
	 * @throws UnownedReleaseException if the owner did not hold it
	 */
	void releaseOrFail();

	/**
	 * Gives the held lock its TTL ({@link #getExpiry()}) again, from now.
	 * @return {@code true} if refreshed; {@code false} if this owner does not hold it or it never expires
	 */
	boolean refresh();

	/**
	 * Sets the held lock's remaining time to {@code ttl} from now, and makes {@code ttl} this lock's TTL: what
	 * {@link #getExpiry()}, its handle, later {@link #refresh()} calls and renewal use.
	 * @param ttl the new remaining time
	 * @return {@code true} if refreshed; {@code false} if this owner does not hold it or it never expires
	 * @throws IllegalArgumentException if {@code ttl} is {@code null}, zero or negative
	 */
	boolean refresh(Duration ttl);

	/**
	 * Like {@link #refresh()}, but throws when nothing was refreshed.
	 * @throws UnownedRefreshException if this owner does not hold an expiring lock on the key
	 */
	void refreshOrFail();

	/**
	 * Like {@link #refresh(Duration)}, but throws when nothing was refreshed.
	 * @param ttl the new remaining time
	 * @throws IllegalArgumentException if {@code ttl} is {@code null}, zero or negative
	 * @throws UnownedRefreshException if this owner does not hold an expiring lock on the key
	 */
	void refreshOrFail(Duration ttl);

	/**
	 * How long this owner's lock still lives, in one round trip.
	 * @return {@link RemainingTime.NotHeld} when this owner does not hold the key, {@link RemainingTime.ExpiresIn}
	 * with the time left, or {@link RemainingTime.NeverExpires} for a hold without expiry
	 */
	RemainingTime getRemainingTime();

	/**
	 * This lock's owner token: generated, or given in {@link LockSettings#withOwner(String)}. It is the lock's
	 * credential: whoever knows key and owner can restore this lock and release it. Pass it on only where you hand
	 * the lock over (a {@link LockHandle}); for logs, responses and metrics use {@link #getOwnerFingerprint()}.
	 * @return the owner
	 */
	String getOwner();

	/**
	 * The {@linkplain OwnerFingerprint fingerprint} of this lock's owner: tells holders apart wherever the owner must
	 * not go (logs, responses, metrics), and cannot restore or release anything. distlock's own texts (this lock's
	 * {@code toString}, events' {@code toString}) show it in place of the owner.
	 * @return 16 lower-case hex digits; by default {@code OwnerFingerprint.of(getOwner())}
	 */
	default String getOwnerFingerprint() {
		return OwnerFingerprint.of(getOwner());
	}

	/**
	 * The key as the user gave it, without the namespace.
	 * @return the key
	 */
	String getKey();

	/**
	 * The expiry the lock is acquired and refreshed with: the one it was created with (the provider's default
	 * resolved), or the TTL last given to a successful {@link #refresh(Duration)}.
	 * @return the lock's TTL, or never
	 */
	Expiry.Resolved getExpiry();

	/**
	 * The fencing token of this lock's hold: a number the backend assigned when this lock acquired the key, greater
	 * than every token issued for the key before, in any process. Pass it to the resource the lock protects, and have
	 * the resource reject writes with a token lower than the highest it has seen ({@code WHERE fence <= :token}): a
	 * holder paused past its TTL is then refused instead of overwriting its successor's work.
	 * <p>Known locally, without a round trip: present from a successful acquire (or a restored handle that carries
	 * one) until this lock is released or found lost.
	 * @return the token, empty unless this lock holds the key as far as it knows
	 */
	OptionalLong getFencingToken();

	/**
	 * Tells whether this lock's hold was found lost (expired, force released or taken over) by a release, a refresh
	 * or a background renewal, since it was last acquired. Local and cheap: long work under a renewed lock may poll
	 * it and stop early.
	 * @return {@code true} if the hold was found lost
	 */
	boolean isLost();

	/**
	 * Tells whether this lock is renewed in the background while held ({@link LockSettings#withRenewal(Renewal)},
	 * or the provider's default): then its TTL says how long it outlives a dead holder, not how long it is held.
	 * @return {@code true} if renewed
	 */
	boolean isRenewed();

	/**
	 * The name given in {@link LockSettings#withName(String)}, for metrics and logs.
	 * @return the name, empty if none was given
	 */
	Optional<String> getName();

	/**
	 * Releases the lock after work that the caller ran under it and that returned {@code result}, the way the
	 * {@code run*} methods end: a lost lock throws {@link LockLostException} (under {@link LostLockPolicy#THROW}), and
	 * a release that fails on the backend is logged and left to the TTL (under {@link ReleaseErrorPolicy#LOG}).
	 * Clears the interrupt flag for the release and sets it again after, so an interrupted worker still frees the key.
	 * For code that cannot use {@code run*}, such as asynchronous work.
	 * @param <T> the result type
	 * @param result what the work returned
	 * @return {@code result}
	 * @throws LockLostException if the lock was lost while the work ran, under {@link LostLockPolicy#THROW}
	 * @throws LockBackendException if the release failed on the backend, under {@link ReleaseErrorPolicy#THROW}
	 */
	<T extends @Nullable Object> T releaseAfterWork(T result);

	/**
	 * Releases the lock after work that the caller ran under it failed with {@code failure}, the way the
	 * {@code run*} methods end, and returns what to throw: a {@link LockLostException} with {@code failure} as its
	 * cause if the lock was lost (under {@link LostLockPolicy#THROW}), otherwise {@code failure} itself, with a failed
	 * release added as suppressed.
	 * @param failure what the work threw
	 * @return the throwable to throw
	 */
	Throwable releaseAfterFailure(Throwable failure);

	/**
	 * Acquires the lock without waiting and, if acquired, runs {@code work} and releases the lock in a
	 * {@code finally} block.
	 * @param <T> the work's value type
	 * @param <E> what the work may throw
	 * @param work the work
	 * @return the work's value, or {@link LockResult.NotAcquired} if the lock was not acquired
	 * @throws E if the work throws, unchanged
	 */
	<T extends @Nullable Object, E extends Throwable> LockResult<T> run(LockedCallable<T, E> work) throws E;

	/**
	 * Acquires the lock without waiting and, if acquired, runs {@code work} and releases the lock in a
	 * {@code finally} block.
	 * @param <E> what the work may throw
	 * @param work the work
	 * @return whether the lock was acquired and the work ran
	 * @throws E if the work throws, unchanged
	 */
	<E extends Throwable> LockResult<@Nullable Void> run(LockedRunnable<E> work) throws E;

	/**
	 * Acquires the lock without waiting, runs {@code work} and releases the lock in a {@code finally} block.
	 * @param <T> the work's value type
	 * @param <E> what the work may throw
	 * @param work the work
	 * @return the work's value
	 * @throws KeyAlreadyAcquiredException if another owner holds the key; the work did not run
	 * @throws E if the work throws, unchanged
	 */
	<T extends @Nullable Object, E extends Throwable> T runOrFail(LockedCallable<T, E> work) throws E;

	/**
	 * Acquires the lock without waiting, runs {@code work} and releases the lock in a {@code finally} block.
	 * @param <E> what the work may throw
	 * @param work the work
	 * @throws KeyAlreadyAcquiredException if another owner holds the key; the work did not run
	 * @throws E if the work throws, unchanged
	 */
	<E extends Throwable> void runOrFail(LockedRunnable<E> work) throws E;

	/**
	 * Acquires the lock, waiting as the provider's default {@link BlockingSettings} say, and if acquired runs
	 * {@code work} and releases the lock in a {@code finally} block.
	 * @param <T> the work's value type
	 * @param <E> what the work may throw
	 * @param work the work
	 * @return the work's value, or {@link LockResult.NotAcquired} if the wait time ran out
	 * @throws E if the work throws, unchanged
	 */
	<T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work) throws E;

	/**
	 * Acquires the lock, waiting as the provider's default {@link BlockingSettings} say, and if acquired runs
	 * {@code work} and releases the lock in a {@code finally} block.
	 * @param <E> what the work may throw
	 * @param work the work
	 * @return whether the lock was acquired and the work ran
	 * @throws E if the work throws, unchanged
	 */
	<E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work) throws E;

	/**
	 * Acquires the lock, waiting as {@code settings} say, and if acquired runs {@code work} and releases the lock in
	 * a {@code finally} block.
	 * @param <T> the work's value type
	 * @param <E> what the work may throw
	 * @param work the work
	 * @param settings the wait time and retry interval
	 * @return the work's value, or {@link LockResult.NotAcquired} if the wait time ran out
	 * @throws E if the work throws, unchanged
	 */
	<T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work,
			BlockingSettings settings) throws E;

	/**
	 * Acquires the lock, waiting as {@code settings} say, and if acquired runs {@code work} and releases the lock in
	 * a {@code finally} block.
	 * @param <E> what the work may throw
	 * @param work the work
	 * @param settings the wait time and retry interval
	 * @return whether the lock was acquired and the work ran
	 * @throws E if the work throws, unchanged
	 */
	<E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work, BlockingSettings settings)
			throws E;

	/**
	 * Acquires the lock, waiting as the provider's default {@link BlockingSettings} say, runs {@code work} and
	 * releases the lock in a {@code finally} block.
	 * @param <T> the work's value type
	 * @param <E> what the work may throw
	 * @param work the work
	 * @return the work's value
	 * @throws KeyAlreadyAcquiredException if the wait time ran out; the work did not run
	 * @throws E if the work throws, unchanged
	 */
	<T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work) throws E;

	/**
	 * Acquires the lock, waiting as the provider's default {@link BlockingSettings} say, runs {@code work} and
	 * releases the lock in a {@code finally} block.
	 * @param <E> what the work may throw
	 * @param work the work
	 * @throws KeyAlreadyAcquiredException if the wait time ran out; the work did not run
	 * @throws E if the work throws, unchanged
	 */
	<E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work) throws E;

	/**
	 * Acquires the lock, waiting as {@code settings} say, runs {@code work} and releases the lock in a
	 * {@code finally} block.
	 * @param <T> the work's value type
	 * @param <E> what the work may throw
	 * @param work the work
	 * @param settings the wait time and retry interval
	 * @return the work's value
	 * @throws KeyAlreadyAcquiredException if the wait time ran out; the work did not run
	 * @throws E if the work throws, unchanged
	 */
	<T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work,
			BlockingSettings settings) throws E;

	/**
	 * Acquires the lock, waiting as {@code settings} say, runs {@code work} and releases the lock in a
	 * {@code finally} block.
	 * @param <E> what the work may throw
	 * @param work the work
	 * @param settings the wait time and retry interval
	 * @throws KeyAlreadyAcquiredException if the wait time ran out; the work did not run
	 * @throws E if the work throws, unchanged
	 */
	<E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work, BlockingSettings settings) throws E;

}
