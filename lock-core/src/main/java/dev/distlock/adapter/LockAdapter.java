package dev.distlock.adapter;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The SPI a lock backend implements: a store of {@code key → owner} entries with an optional expiry.
 *
 * <p>Ownership is a token (the owner string), never a thread: any thread, in any process, that presents the owner
 * may release or refresh the lock. Time is the adapter's own: a server-backed adapter measures TTLs with the
 * server's clock (Redis {@code PX}, SQL {@code now()}), never with the caller's.
 *
 * <p>Keys reach the adapter already namespaced and validated; arguments are never {@code null} or blank, and TTLs
 * are always positive and at most 100 years. Every method must be atomic with respect to every other on the same
 * key, also across processes. A backend fault is reported by throwing any {@link RuntimeException}; the provider
 * wraps it.
 */
public interface LockAdapter {

	/**
	 * Acquires {@code key} for {@code owner} if it is free (never held, released or expired).
	 * <p>If {@code owner} already holds the key, returns {@code true} and leaves its expiry unchanged.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param ttl how long the lock lives, or {@code null} for a lock that never expires
	 * @return whether {@code owner} holds the key now
	 */
	boolean acquire(String key, String owner, @Nullable Duration ttl);

	/**
	 * Releases {@code key} if {@code owner} holds it.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @return {@code true} if {@code owner} held a live lock that is now released; {@code false} otherwise, and then
	 * nothing changed
	 */
	boolean release(String key, String owner);

	/**
	 * Releases {@code key} whoever holds it.
	 * @param key the namespaced key
	 * @return {@code true} if a live lock existed and was released
	 */
	boolean forceRelease(String key);

	/**
	 * Sets the remaining time of an expiring lock held by {@code owner} to {@code ttl} from now.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param ttl the new time to live, measured from now
	 * @return {@code true} if {@code owner} held a live, expiring lock; {@code false} otherwise (not held, held by
	 * someone else, or a lock that never expires), and then nothing changed
	 */
	boolean refresh(String key, String owner, Duration ttl);

	/**
	 * Reads who holds {@code key} and for how long.
	 * @param key the namespaced key
	 * @return the live holder, or empty when the key is free
	 */
	Optional<LockHolder> state(String key);

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

}
