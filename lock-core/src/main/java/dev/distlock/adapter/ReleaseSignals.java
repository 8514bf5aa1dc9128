package dev.distlock.adapter;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The local half of the wake-up capability: the waiters of each key in this JVM, and a way to wake them.
 *
 * <p>An adapter hands out {@link #watch(String)} from {@link LockAdapter#watchReleases(String)} and calls
 * {@link #signal(String)} whenever it learns that a key was released, by its own hand or by a message from another
 * process. Keys without waiters cost nothing.
 */
public final class ReleaseSignals {

	private final ConcurrentHashMap<String, Set<Watch>> watchesByKey = new ConcurrentHashMap<>();

	/** Creates an empty registry. */
	public ReleaseSignals() {
	}

	/**
	 * Opens a watch on {@code key}; it hears every {@link #signal(String)} from now until it is closed.
	 * @param key the key to watch
	 * @return the watch
	 */
	public ReleaseWatch watch(String key) {
		Watch watch = new Watch(key);
		// Added inside compute: a concurrent close() must not drop the set between lookup and add.
		this.watchesByKey.compute(key, (k, watches) -> {
			Set<Watch> set = (watches != null) ? watches : ConcurrentHashMap.newKeySet();
			set.add(watch);
			return set;
		});
		return watch;
	}

	/**
	 * Wakes every open watch on {@code key}.
	 * @param key the released key
	 */
	public void signal(String key) {
		Set<Watch> watches = this.watchesByKey.get(key);
		if (watches != null) {
			watches.forEach(Watch::wake);
		}
	}

	/**
	 * Tells whether anyone in this JVM waits for {@code key}; lets an adapter skip work nobody needs.
	 * @param key the key
	 * @return whether at least one watch on {@code key} is open
	 */
	public boolean hasWatchers(String key) {
		return this.watchesByKey.containsKey(key);
	}

	private final class Watch implements ReleaseWatch {

		private final String key;

		// At most one permit: a release seen while the waiter was busy trying to acquire is kept for its next await.
		private final Semaphore released = new Semaphore(0);

		Watch(String key) {
			this.key = key;
		}

		void wake() {
			if (this.released.availablePermits() == 0) {
				this.released.release();
			}
		}

		@Override
		public boolean await(Duration timeout) throws InterruptedException {
			boolean woken = this.released.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
			this.released.drainPermits();
			return woken;
		}

		@Override
		public void close() {
			ReleaseSignals.this.watchesByKey.computeIfPresent(this.key, (k, watches) -> {
				watches.remove(this);
				return watches.isEmpty() ? null : watches;
			});
		}

	}

}
