package dev.distlock.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.distlock.LockMode;
import org.jspecify.annotations.Nullable;

/**
 * The SPI a read-write lock backend implements: per key, any number of read holds or one write hold, each a lease
 * {@code owner → (fencing token, expiry)}, and the intents of owners waiting to write.
 *
 * <p>The same contract as {@link LockAdapter}, hold by hold: owner tokens, never threads; one fencing-token sequence
 * per key for both modes; TTLs on the backend's clock; every method atomic with every other on the same key, across
 * processes; a backend fault is any {@link RuntimeException}; no retries inside; its keys never share storage with
 * another adapter kind's. An owner has at most one hold of each mode on a key; every operation but acquire names the
 * mode of the hold it concerns.
 *
 * <p>The rules, decided in each acquire's atomic step (expired holds and intents count as gone):
 * <ul>
 * <li>A <b>read</b> is granted unless another owner holds the write, or another owner's intent to write is live
 * and {@code owner} does not hold the write (writer preference: a stream of readers cannot starve a writer).</li>
 * <li>A <b>write</b> by an owner that holds a read throws {@link UpgradeRefusedException} (an upgrade would wait
 * for itself, or with two such owners for each other). Otherwise it is granted if nobody else holds anything; when
 * refused and {@code queueFor} is given, the owner's intent lives {@code queueFor} from now; a granted write clears
 * it.</li>
 * <li>An owner holding the write may also read (a downgrade: take the read, then release the write).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface ReadWriteLockAdapter {

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
	 * Takes a hold of {@code mode} on {@code key} for {@code owner} if the rules above allow it, under a new fencing
	 * token, remembering {@code attempt}; if {@code owner} holds that mode already, says so, keeps its expiry and
	 * token and adopts it.
	 * @param key the namespaced key
	 * @param mode the kind of hold
	 * @param owner the owner token
	 * @param ttl how long the hold lives, or {@code null} for one that never expires
	 * @param attempt an id of this attempt, never {@code 0}
	 * @param queueFor for a write: how long the owner's intent to write lives if refused (a blocking wait's), or
	 * {@code null} to leave none; ignored for a read
	 * @return what happened; {@link AcquireResult.Unavailable} with the time until the blockers' holds end at the
	 * latest, or {@code null} if unknown or never
	 * @throws UpgradeRefusedException for a write by an owner holding a read; nothing changed
	 */
	AcquireResult acquire(String key, LockMode mode, String owner, @Nullable Duration ttl, long attempt,
			@Nullable Duration queueFor);

	/**
	 * Withdraws {@code owner}'s intent to write {@code key}, if any: what a writer's wait does when it ends. Readers
	 * that the intent held back are woken (as by a release), and so are they when an intent expires.
	 * @param key the namespaced key
	 * @param owner the owner token
	 */
	void leaveQueue(String key, String owner);

	/**
	 * Frees {@code owner}'s hold of {@code mode} only if {@code attempt} created it, as
	 * {@link LockAdapter#undoAcquire}.
	 * @param key the namespaced key
	 * @param mode the kind of hold
	 * @param owner the owner token
	 * @param attempt the attempt's id
	 * @return {@code true} if that hold existed and is now free
	 */
	boolean undoAcquire(String key, LockMode mode, String owner, long attempt);

	/**
	 * Frees {@code owner}'s hold of {@code mode} if it has {@code token}.
	 * @param key the namespaced key
	 * @param mode the kind of hold
	 * @param owner the owner token
	 * @param token the hold's fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @return {@link UpdateResult#UPDATED} if freed; {@link UpdateResult#HELD_BY_OTHER} if the owner's hold of
	 * that mode has another token; {@link UpdateResult#NOT_HELD} if it has none
	 */
	UpdateResult release(String key, LockMode mode, String owner, long token);

	/**
	 * Frees the hold later, as {@link LockAdapter#releaseAfter}; the default refreshes it to {@code remaining}.
	 * @param key the namespaced key
	 * @param mode the kind of hold
	 * @param owner the owner token
	 * @param token the hold's fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @param remaining how long the hold still lives; positive
	 * @return as {@link #release}, or {@link UpdateResult#NEVER_EXPIRES} from the default for a hold without expiry
	 */
	default UpdateResult releaseAfter(String key, LockMode mode, String owner, long token, Duration remaining) {
		return refresh(key, mode, owner, token, remaining);
	}

	/**
	 * Sets the remaining time of {@code owner}'s expiring hold of {@code mode} to {@code ttl} from now.
	 * @param key the namespaced key
	 * @param mode the kind of hold
	 * @param owner the owner token
	 * @param token the hold's fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @param ttl the new time to live
	 * @return as {@link #release}, or {@link UpdateResult#NEVER_EXPIRES} for a hold without expiry
	 */
	UpdateResult refresh(String key, LockMode mode, String owner, long token, Duration ttl);

	/**
	 * Refreshes many holds of one mode at once, for background renewal; the default calls {@link #refresh} once per
	 * entry.
	 * @param mode the kind of the holds
	 * @param refreshes the refreshes, on any keys
	 * @return the result of each, in order
	 */
	default List<UpdateResult> refreshAll(LockMode mode, List<Refresh> refreshes) {
		List<UpdateResult> results = new ArrayList<>(refreshes.size());
		for (Refresh refresh : refreshes) {
			results.add(refresh(refresh.key(), mode, refresh.owner(), refresh.token(), refresh.ttl()));
		}
		return results;
	}

	/**
	 * Frees every hold of {@code key}, whoever has it, and withdraws every intent to write: an operator's remedy
	 * for a stuck key, a crashed waiting writer's intent included. Waiting writers record theirs again at their next
	 * attempt.
	 * @param key the namespaced key
	 * @return how many live holds were freed
	 */
	int forceReleaseAll(String key);

	/**
	 * Reads the live holds of {@code key} and how many owners wait to write, in one step.
	 * @param key the namespaced key
	 * @return the holds
	 */
	ReadWriteHolders holders(String key);

	/**
	 * Watches {@code key} for released holds, as {@link LockAdapter#watchReleases}; the default polls.
	 * @param key the namespaced key
	 * @return the watch
	 */
	default ReleaseWatch watchReleases(String key) {
		return ReleaseWatch.polling();
	}

}
