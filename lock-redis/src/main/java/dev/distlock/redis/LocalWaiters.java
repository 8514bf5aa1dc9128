package dev.distlock.redis;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.distlock.adapter.ReleaseWatch;

/**
 * The blocked acquires of this JVM, per key, and the wake-up of one of them per release.
 *
 * <p>Unlike {@link dev.distlock.adapter.ReleaseSignals}, which wakes every waiter, a release here wakes only the
 * longest-waiting waiter that has no wake-up pending: one release frees the key for one holder, so waking all of
 * them would send them all to Redis for one of them to win. The winner's own release wakes the next one. A waiter
 * that stops waiting with a wake-up it never used hands it to the next waiter, so no release is lost locally.
 *
 * <p>Every change to a key's waiters runs inside {@link ConcurrentHashMap#compute}, which serialises them per key.
 */
final class LocalWaiters {

	private final ConcurrentHashMap<String, LinkedHashSet<Waiter>> waitersByKey = new ConcurrentHashMap<>();

	/**
	 * Opens a watch on {@code key}, last in line.
	 * @param key the key to watch
	 * @return the watch
	 */
	ReleaseWatch watch(String key) {
		Waiter waiter = new Waiter(key);
		this.waitersByKey.compute(key, (k, waiters) -> {
			LinkedHashSet<Waiter> line = (waiters != null) ? waiters : new LinkedHashSet<>();
			line.add(waiter);
			return line;
		});
		return waiter;
	}

	/**
	 * Wakes the longest-waiting waiter of {@code key} that has no wake-up pending, if there is one.
	 * @param key the released key
	 */
	void released(String key) {
		this.waitersByKey.computeIfPresent(key, (k, waiters) -> {
			wakeFirstIdle(waiters);
			return waiters;
		});
	}

	/**
	 * Tells whether anyone in this JVM waits for {@code key}.
	 * @param key the key
	 * @return whether at least one watch on {@code key} is open
	 */
	boolean hasWaiters(String key) {
		return this.waitersByKey.containsKey(key);
	}

	private static void wakeFirstIdle(LinkedHashSet<Waiter> waiters) {
		for (Waiter waiter : waiters) {
			if (waiter.wakeIfIdle()) {
				return;
			}
		}
	}

	private final class Waiter implements ReleaseWatch {

		private final String key;

		// Zero or one permit, only ever added inside compute(): a wake-up that arrives while the waiter is busy
		// trying to acquire is kept for its next await.
		private final Semaphore wakeUp = new Semaphore(0);

		Waiter(String key) {
			this.key = key;
		}

		boolean wakeIfIdle() {
			if (this.wakeUp.availablePermits() > 0) {
				return false;
			}
			this.wakeUp.release();
			return true;
		}

		@Override
		public boolean await(Duration timeout) throws InterruptedException {
			return this.wakeUp.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		@Override
		public void close() {
			LocalWaiters.this.waitersByKey.computeIfPresent(this.key, (k, waiters) -> {
				waiters.remove(this);
				if (this.wakeUp.tryAcquire()) {
					wakeFirstIdle(waiters);
				}
				return waiters.isEmpty() ? null : waiters;
			});
		}

	}

}
