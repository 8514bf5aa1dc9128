package dev.distlock;

import java.util.ArrayDeque;

import dev.distlock.adapter.LockAdapter;

/**
 * The undos still owed for one lock's failed acquires, run in order: in the background, and before that lock's next
 * acquire. Before, because an acquire the backend applied late would otherwise come back to the next acquire as
 * "already held" and be adopted, only for the pending undo to free it under the holder's feet.
 *
 * <p>An undo of an attempt with a TTL is dropped once that TTL has run out: the hold it could free has expired.
 */
final class PendingUndos {

	private final Object monitor = new Object();

	// Guarded by the monitor; the flag lets the acquire path skip the monitor when nothing is owed.
	private final ArrayDeque<Undo> undos = new ArrayDeque<>();

	private volatile boolean empty = true;

	void add(long attempt, boolean expires, long expiresAt) {
		synchronized (this.monitor) {
			this.undos.add(new Undo(attempt, expires, expiresAt));
			this.empty = false;
		}
	}

	boolean isEmpty() {
		return this.empty;
	}

	/**
	 * Runs every pending undo, oldest first. A backend failure is thrown and leaves that undo and the later ones
	 * pending.
	 */
	void runAll(LockAdapter adapter, String key, String owner, Ticker ticker) {
		synchronized (this.monitor) {
			Undo undo;
			while ((undo = this.undos.peek()) != null) {
				if (!undo.expires() || ticker.read() - undo.expiresAt() < 0) {
					adapter.undoAcquire(key, owner, undo.attempt());
				}
				this.undos.poll();
			}
			this.empty = true;
		}
	}

	private record Undo(long attempt, boolean expires, long expiresAt) {
	}

}
