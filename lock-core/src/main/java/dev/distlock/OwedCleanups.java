package dev.distlock;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.LockAdapter;

/**
 * The clean-up one lock still owes its backend, run in order: in the background, and before that lock's next
 * acquire. The undo of an acquire whose outcome was unknown, and the release of a lock without expiry whose release
 * failed. Before the next acquire, because a hold the backend kept (an acquire applied late, a release that never
 * arrived) would otherwise come back to that acquire as "already held" and be adopted, only for the owed clean-up to
 * free it under the holder's feet.
 *
 * <p>An undo of an attempt with a TTL is dropped once that TTL has run out: the hold it could free has expired.
 */
final class OwedCleanups {

	// Held while clean-ups run, across backend calls; never while adding, so a failing caller never waits for it.
	private final ReentrantLock running = new ReentrantLock();

	// Guarded by its own monitor; the flag lets the acquire path skip everything when nothing is owed.
	private final ArrayDeque<Owed> owed = new ArrayDeque<>();

	private volatile boolean empty = true;

	// Guarded by the running lock: why the last run stopped, for a caller that waited for that run.
	private @Nullable RuntimeException lastFailure;

	void undo(long attempt, boolean expires, long expiresAt) {
		add(new Owed(false, attempt, expires, expiresAt));
	}

	void release(long token) {
		add(new Owed(true, token, false, 0));
	}

	boolean isEmpty() {
		return this.empty;
	}

	/**
	 * Runs everything owed, oldest first. A backend failure is thrown and leaves that clean-up and the later ones
	 * owed. A caller that had to wait for another run (the background's) which failed gets that failure at once,
	 * instead of waiting out a second backend timeout.
	 */
	void runAll(LockAdapter adapter, String key, String owner, Ticker ticker) {
		boolean waited = !this.running.tryLock();
		if (waited) {
			this.running.lock();
		}
		try {
			RuntimeException failure = this.lastFailure;
			if (waited && failure != null && !this.empty) {
				throw failure;
			}
			Owed next;
			while ((next = peek()) != null) {
				try {
					if (next.release()) {
						adapter.release(key, owner, next.id());
					}
					else if (!next.expires() || ticker.read() - next.expiresAt() < 0) {
						adapter.undoAcquire(key, owner, next.id());
					}
				}
				catch (RuntimeException ex) {
					this.lastFailure = ex;
					throw ex;
				}
				poll();
			}
			this.lastFailure = null;
		}
		finally {
			this.running.unlock();
		}
	}

	private void add(Owed entry) {
		synchronized (this.owed) {
			this.owed.add(entry);
			this.empty = false;
		}
	}

	private @Nullable Owed peek() {
		synchronized (this.owed) {
			return this.owed.peek();
		}
	}

	private void poll() {
		synchronized (this.owed) {
			this.owed.poll();
			this.empty = this.owed.isEmpty();
		}
	}

	/** A release under token {@code id}, or the undo of attempt {@code id}. */
	private record Owed(boolean release, long id, boolean expires, long expiresAt) {
	}

}
