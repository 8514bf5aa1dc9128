package dev.distlock.adapter;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The local half of the wake-up capability: the waiters of each key in this JVM, and a way to wake them.
 *
 * <p>An adapter hands out {@link #watch(String)} from {@link LockAdapter#watchReleases(String)} and calls
 * {@link #signal(String)} whenever it learns that a key was released, by its own hand or by a message from another
 * process. A release frees the key for one new holder, so a signal wakes <em>one</em> waiter, the longest waiting
 * one that is not already awake, instead of sending every waiter at the backend at once. A waiter counts as awake
 * from its wake-up until it waits again, also after it took the wake-up: signals that follow each other quickly (the
 * slots of one message) reach different waiters, and only when all are awake does a signal go to one that is still
 * trying, which then tries once more. A woken waiter always tries to acquire again; one that stops watching before
 * using its wake-up passes it on. Keys without waiters cost nothing.
 *
 * @since 0.1.0
 */
public final class ReleaseSignals {

	// Insertion-ordered sets, only ever touched inside the map's per-key compute: that is what makes them safe.
	private final ConcurrentHashMap<String, Set<Watch>> watchesByKey = new ConcurrentHashMap<>();

	/** Creates an empty registry. */
	public ReleaseSignals() {
	}

	/**
	 * Opens a watch on {@code key}; it can be woken by {@link #signal(String)} from now until it is closed.
	 * @param key the key to watch
	 * @return the watch
	 */
	public ReleaseWatch watch(String key) {
		Watch watch = new Watch(key);
		this.watchesByKey.compute(key, (k, watches) -> {
			Set<Watch> set = (watches != null) ? watches : new LinkedHashSet<>();
			set.add(watch);
			return set;
		});
		return watch;
	}

	/**
	 * Wakes the longest waiting watch on {@code key} that is not awake already; does nothing if there is none.
	 * @param key the released key
	 */
	public void signal(String key) {
		this.watchesByKey.computeIfPresent(key, (k, watches) -> {
			wakeOne(watches);
			return watches;
		});
	}

	/**
	 * Wakes every watch on {@code key} that is not awake already: for a release that may let several waiters in at
	 * once (all readers of a read-write lock).
	 * @param key the released key
	 */
	public void signalEvery(String key) {
		this.watchesByKey.computeIfPresent(key, (k, watches) -> {
			for (Watch watch : watches) {
				if (!watch.hasWakeUp()) {
					watch.wake();
				}
			}
			return watches;
		});
	}

	/**
	 * Wakes, for every watched key, the longest waiting watch that is not awake already: for an adapter that may have
	 * missed releases (its notification connection was lost and is back), so that waiters try again now instead of
	 * at their next poll.
	 */
	public void signalAll() {
		this.watchesByKey.keySet().forEach(this::signal);
	}

	/**
	 * Wakes every watch on every key that is not awake already: for an adapter that may have missed releases that
	 * each free several holders at once (slots of a semaphore, readers of a read-write lock), where one waiter per
	 * key would leave the others waiting out their poll for capacity that is free.
	 */
	public void signalEveryWatch() {
		this.watchesByKey.keySet().forEach(this::signalEvery);
	}

	/**
	 * Tells whether anyone in this JVM waits for {@code key}; lets an adapter skip work nobody needs.
	 * @param key the key
	 * @return whether at least one watch on {@code key} is open
	 */
	public boolean hasWatchers(String key) {
		return this.watchesByKey.containsKey(key);
	}

	private static void wakeOne(Set<Watch> watches) {
		// The longest waiting watch not woken since it last waited; else one still trying after its wake-up (its try
		// may have looked before this release).
		Watch trying = null;
		for (Watch watch : watches) {
			if (!watch.hasWakeUp()) {
				if (!watch.woken) {
					watch.wake();
					return;
				}
				if (trying == null) {
					trying = watch;
				}
			}
		}
		if (trying != null) {
			trying.wake();
		}
	}

	private final class Watch implements ReleaseWatch {

		private final String key;

		// At most one permit: a release seen while the waiter was busy trying to acquire is kept for its next await.
		// Given only inside the map's per-key compute, so never more than one.
		private final Semaphore released = new Semaphore(0);

		// Woken since it last went back to waiting, its wake-up taken or not; only touched inside the map's per-key
		// compute.
		boolean woken;

		Watch(String key) {
			this.key = key;
		}

		boolean hasWakeUp() {
			return this.released.availablePermits() > 0;
		}

		void wake() {
			this.woken = true;
			this.released.release();
		}

		@Override
		public boolean await(Duration timeout) throws InterruptedException {
			// Waiting again, unless a wake-up is already here: then it still counts as woken once it takes it.
			ReleaseSignals.this.watchesByKey.computeIfPresent(this.key, (k, watches) -> {
				if (!hasWakeUp()) {
					this.woken = false;
				}
				return watches;
			});
			return this.released.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		@Override
		public void close() {
			ReleaseSignals.this.watchesByKey.computeIfPresent(this.key, (k, watches) -> {
				watches.remove(this);
				if (this.released.drainPermits() > 0) {
					// Woken but leaving without trying: the release it was told about must reach another waiter.
					wakeOne(watches);
				}
				return watches.isEmpty() ? null : watches;
			});
		}

	}

}
