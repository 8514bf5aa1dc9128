package dev.distlock.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The SPI a lock backend implements: a store of {@code key → (owner, fencing token)} entries with an optional expiry.
 *
 * <p>Ownership is a token (the owner string), never a thread: any thread, in any process, that presents the owner
 * may release or refresh the lock. Each hold also has a <em>fencing token</em>, a positive 64-bit number that the
 * backend assigns in the acquire's own atomic step, greater than every token issued for the same key before (across
 * processes, releases and expiries), so that a resource can reject a stale holder. Time is the adapter's own: a
 * server-backed adapter measures TTLs with the server's clock (Redis {@code PX}, the database's clock), never with
 * the caller's.
 *
 * <p>Keys reach the adapter already namespaced and validated; arguments are never {@code null} or blank, and TTLs
 * are always positive and at most 100 years. Every method must be atomic with respect to every other on the same
 * key, also across processes. A backend fault is reported by throwing any {@link RuntimeException}; the provider
 * wraps it. An adapter must not retry an operation itself: a retry after a timeout could apply it twice.
 *
 * @since 0.1.0
 */
public interface LockAdapter {

	/** Passed as the token of a release or refresh that accepts whatever hold the owner has: {@value}. */
	long ANY_TOKEN = 0;

	/**
	 * Checks that this backend stores {@code key} and {@code owner} exactly as given, so that two different keys can
	 * never become one key and an owner is never cut short. Called when a lock is created or restored, before the
	 * lock reaches the backend. The default accepts every key and owner.
	 * @param key the namespaced key
	 * @param owner the owner token; it is the lock's credential, so an exception's message must never contain it
	 * @throws IllegalArgumentException naming the argument ({@code key} or {@code owner}) the backend cannot store
	 */
	default void checkStorable(String key, String owner) {
	}

	/**
	 * Acquires {@code key} for {@code owner} if it is free (never held, released or expired), under a new fencing
	 * token, and remembers {@code attempt} with the hold so that {@link #undoAcquire} can tell this hold apart.
	 * <p>If {@code owner} already holds the key, says so and keeps its expiry and token, but adopts the hold: the
	 * attempt that created it may no longer undo it, since a lock now believes it holds the key through this call.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param ttl how long the lock lives, or {@code null} for a lock that never expires
	 * @param attempt an id of this attempt, unique with high probability, never {@code 0}
	 * @return what happened
	 */
	AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt);

	/**
	 * Undoes an acquire whose outcome is unknown (it failed, perhaps after the backend applied it): releases
	 * {@code key} only if {@code owner} holds it through the hold that {@code attempt} created, so that the undo can
	 * never free a hold that the same owner has through another lock object.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param attempt the attempt's id, as given to {@link #acquire}
	 * @return {@code true} if that hold existed and is now released
	 */
	boolean undoAcquire(String key, String owner, long attempt);

	/**
	 * Releases {@code key} if {@code owner} holds it under {@code token}.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the fencing token the hold must have, or {@link #ANY_TOKEN} for any hold of {@code owner}
	 * @return {@link UpdateResult#UPDATED} if released; otherwise what was found instead, and then nothing changed
	 */
	UpdateResult release(String key, String owner, long token);

	/**
	 * Releases the hold later: if {@code owner} holds {@code key} under {@code token}, its remaining time becomes
	 * {@code remaining} (also for a lock that never expired) and it expires then; otherwise nothing changes. What a
	 * release before a lock's {@linkplain dev.distlock.LockSettings#withHoldAtLeast(Duration) minimum hold} has passed
	 * calls, so that the key stays held until the minimum is over. Atomic, like a release: the owner and token check
	 * and the new expiry are one step on the backend.
	 * <p>The default refreshes the hold to {@code remaining}, which is the same for an expiring hold; it cannot
	 * shorten a hold that never expires, reports {@link UpdateResult#NEVER_EXPIRES}, and the lock then releases it at
	 * once. Adapters should implement it on their backend.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the fencing token the hold must have, or {@link #ANY_TOKEN} for any hold of {@code owner}
	 * @param remaining how long the hold still lives, measured from now; positive
	 * @return {@link UpdateResult#UPDATED} if the hold now expires after {@code remaining}; otherwise what was found
	 * instead, and then nothing changed
	 */
	default UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return refresh(key, owner, token, remaining);
	}

	/**
	 * Releases {@code key} whoever holds it.
	 * @param key the namespaced key
	 * @return {@code true} if a live lock existed and was released
	 */
	boolean forceRelease(String key);

	/**
	 * Sets the remaining time of an expiring lock held by {@code owner} under {@code token} to {@code ttl} from now.
	 * A lock that never expires is not turned into one that does.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the fencing token the hold must have, or {@link #ANY_TOKEN} for any hold of {@code owner}
	 * @param ttl the new time to live, measured from now
	 * @return {@link UpdateResult#UPDATED} if refreshed; otherwise what was found instead, and then nothing changed
	 */
	UpdateResult refresh(String key, String owner, long token, Duration ttl);

	/**
	 * Refreshes many holds at once: what background renewal calls, so that renewing thousands of locks costs a few
	 * round trips instead of one per lock. Each refresh is atomic on its own; the batch as a whole need not be.
	 * <p>The default calls {@link #refresh} once per entry; an adapter on a server should batch them. If the
	 * backend fails, the method throws, and the caller treats every entry as not confirmed.
	 * @param refreshes the refreshes, on any keys
	 * @return the result of each refresh, in the same order
	 */
	default List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		List<UpdateResult> results = new ArrayList<>(refreshes.size());
		for (Refresh refresh : refreshes) {
			results.add(refresh(refresh.key(), refresh.owner(), refresh.token(), refresh.ttl()));
		}
		return results;
	}

	/**
	 * Reads who holds {@code key}, under which token and for how long.
	 * @param key the namespaced key
	 * @return the live holder, or empty when the key is free
	 */
	Optional<LockHolder> state(String key);

	/**
	 * Reads who holds {@code key} as {@link #state}, telling {@code owner}'s own hold first where a key may have
	 * several holders (a semaphore's slots, a read-write lock's readers): what a lock's state reads. The default is
	 * {@link #state}, which is right for a key of one holder.
	 * @param key the namespaced key
	 * @param owner the owner token of the lock that asks
	 * @return {@code owner}'s hold if it has one, otherwise a holder that keeps it from acquiring, or empty when it
	 * could acquire
	 */
	default Optional<LockHolder> stateFor(String key, String owner) {
		return state(key);
	}

	/**
	 * Starts watching {@code key} for releases, so that a blocked acquire wakes as soon as the key is free instead
	 * of at its next poll. Optional: the default watch only waits out its timeout, which turns blocking acquires
	 * into plain interval polling.
	 * <p>The provider opens the watch <em>before</em> its first acquire attempt, so an implementation must remember
	 * a release that happens between an attempt and the next {@link ReleaseWatch#await(Duration)}.
	 * @param key the namespaced key
	 * @return a watch the caller closes when it stops waiting
	 */
	default ReleaseWatch watchReleases(String key) {
		return ReleaseWatch.polling();
	}

	/**
	 * Opens a blocking acquire's wait for {@code key}: what the provider's {@code acquireBlocking} uses. An adapter
	 * with a wait queue on its backend overrides it to hand released keys straight to the first waiter in line; the
	 * default attempts with {@link #acquire} and waits on {@link #watchReleases}, so a released key goes to whoever
	 * tries first.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param ttl how long the lock lives once acquired, or {@code null} for a lock that never expires
	 * @param attempt the id of every attempt of this wait, as for {@link #acquire}; a fresh one per wait
	 * @param waitTime how long the caller waits at most: a queue entry is skipped once this has passed
	 * @return the wait, which the caller closes
	 */
	default LockWait openWait(String key, String owner, @Nullable Duration ttl, long attempt, Duration waitTime) {
		return new PollingLockWait(this, key, owner, ttl, attempt);
	}

}
