package dev.distlock.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The SPI a semaphore backend implements: per key, a set of at most {@code limit} slots, each a lease
 * {@code owner → (fencing token, expiry)}, and the limit they were taken under.
 *
 * <p>The same contract as {@link LockAdapter}, slot by slot: ownership is the owner token, never a thread; each
 * slot gets a fencing token greater than every token issued for the key before; TTLs run on the backend's own clock
 * (a crashed holder's slot comes back when its TTL ends); every method is atomic with respect to every other on the
 * same key, also across processes; a backend fault is any {@link RuntimeException}; no retries inside. Keys reach
 * the adapter namespaced and validated, and never share storage with a {@link LockAdapter}'s or a
 * {@link ReadWriteLockAdapter}'s keys of the same name.
 *
 * <p><b>The limit is checked, not changed.</b> The first acquire of a key without live slots records its limit;
 * while any slot is live, an acquire under another limit changes nothing and throws {@link LimitMismatchException}.
 * Once every slot is released or expired, the next acquire records its own limit.
 *
 * <p>One owner holds at most one slot of a key: acquiring again answers {@link AcquireResult.AlreadyHeld}.
 *
 * @since 0.1.0
 */
public interface SemaphoreAdapter {

	/**
	 * Checks that this backend stores {@code key} and {@code owner} exactly as given, as
	 * {@link LockAdapter#checkStorable}; the default accepts every key and owner.
	 * @param key the namespaced key
	 * @param owner the owner token; never in an exception's message
	 * @throws IllegalArgumentException naming the argument the backend cannot store
	 */
	default void checkStorable(String key, String owner) {
	}

	/**
	 * Takes a slot of {@code key} for {@code owner} if fewer than {@code limit} are live, under a new fencing token,
	 * and remembers {@code attempt} with it (see {@link LockAdapter#acquire}); if {@code owner} holds a slot already,
	 * says so, keeps its expiry and token and adopts it.
	 * @param key the namespaced key
	 * @param limit how many slots the key has, at least 1
	 * @param owner the owner token
	 * @param ttl how long the slot lives, or {@code null} for one that never expires
	 * @param attempt an id of this attempt, never {@code 0}
	 * @return what happened; {@link AcquireResult.Unavailable} when all slots are taken, with the time until the
	 * soonest of them expires (or {@code null} if one never expires)
	 * @throws LimitMismatchException if live slots were taken under another limit, also when {@code owner} holds
	 * one of them; nothing changed
	 */
	AcquireResult acquire(String key, int limit, String owner, @Nullable Duration ttl, long attempt);

	/**
	 * Frees {@code owner}'s slot of {@code key} only if {@code attempt} created it, as {@link LockAdapter#undoAcquire}.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param attempt the attempt's id
	 * @return {@code true} if that slot existed and is now free
	 */
	boolean undoAcquire(String key, String owner, long attempt);

	/**
	 * Frees {@code owner}'s slot of {@code key} if it has {@code token}.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the slot's fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @return {@link UpdateResult#UPDATED} if freed; {@link UpdateResult#HELD_BY_OTHER} if the owner's slot has
	 * another token; {@link UpdateResult#NOT_HELD} if the owner has none
	 */
	UpdateResult release(String key, String owner, long token);

	/**
	 * Frees the slot later, as {@link LockAdapter#releaseAfter}; the default refreshes it to {@code remaining}.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the slot's fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @param remaining how long the slot still lives; positive
	 * @return as {@link #release}, or {@link UpdateResult#NEVER_EXPIRES} from the default for a slot without expiry
	 */
	default UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return refresh(key, owner, token, remaining);
	}

	/**
	 * Sets the remaining time of {@code owner}'s expiring slot of {@code key} to {@code ttl} from now.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the slot's fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @param ttl the new time to live
	 * @return as {@link #release}, or {@link UpdateResult#NEVER_EXPIRES} for a slot without expiry
	 */
	UpdateResult refresh(String key, String owner, long token, Duration ttl);

	/**
	 * Refreshes many slots at once, for background renewal; the default calls {@link #refresh} once per entry.
	 * @param refreshes the refreshes, on any keys
	 * @return the result of each, in order
	 */
	default List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		List<UpdateResult> results = new ArrayList<>(refreshes.size());
		for (Refresh refresh : refreshes) {
			results.add(refresh(refresh.key(), refresh.owner(), refresh.token(), refresh.ttl()));
		}
		return results;
	}

	/**
	 * Frees every slot of {@code key}, whoever holds it.
	 * @param key the namespaced key
	 * @return how many live slots were freed
	 */
	int forceReleaseAll(String key);

	/**
	 * Reads the live slots of {@code key} and the limit they were taken under, in one step.
	 * @param key the namespaced key
	 * @return the slots
	 */
	SemaphoreHolders holders(String key);

	/**
	 * Watches {@code key} for freed slots, as {@link LockAdapter#watchReleases}; the default polls.
	 * @param key the namespaced key
	 * @return the watch
	 */
	default ReleaseWatch watchReleases(String key) {
		return ReleaseWatch.polling();
	}

}
