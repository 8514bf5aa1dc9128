package dev.distlock.redis;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * This process's waiters of one key, first come first served, behind at most one entry in the key's line in Redis:
 * only the first of them (the head) is in line there, and the next joins when the head is handed the key.
 *
 * <p>Two locks: the monitor guards the order and is never held across a Redis call; {@link #redis} is held across
 * every Redis call that may add or remove an entry of this line (an attempt of the head, a release that lets the
 * next waiter join, a leave), so that no waiter leaves while a call that may put it in line is on its way. A grant
 * message never takes either: Lettuce's thread must never block.
 */
final class WaitLine {

	/** Held across the Redis calls that change this process's entry in the key's line. */
	final ReentrantLock redis = new ReentrantLock();

	private final ArrayDeque<QueuedWait> waits = new ArrayDeque<>();

	synchronized void add(QueuedWait wait) {
		this.waits.addLast(wait);
	}

	synchronized boolean isHead(QueuedWait wait) {
		return this.waits.peekFirst() == wait;
	}

	/**
	 * Takes a wait out; if it was the head, wakes the new head, which must now join the line in Redis.
	 * @param wait the wait
	 */
	void remove(QueuedWait wait) {
		QueuedWait newHead = null;
		synchronized (this) {
			boolean wasHead = this.waits.peekFirst() == wait;
			this.waits.remove(wait);
			if (wasHead) {
				newHead = this.waits.peekFirst();
			}
		}
		if (newHead != null) {
			newHead.becameHead();
		}
	}

	/**
	 * The waiter that should join the line in Redis if the head, which is in line, is handed the key: the second,
	 * if it is not in line already. It is marked in line here, before the call that may put it there is sent.
	 * Called with {@link #redis} held.
	 * @return that waiter, or {@code null}
	 */
	synchronized @Nullable QueuedWait nextToJoin() {
		Iterator<QueuedWait> order = this.waits.iterator();
		if (!order.hasNext() || !order.next().isInLine() || !order.hasNext()) {
			return null;
		}
		QueuedWait next = order.next();
		if (next.isInLine()) {
			return null;
		}
		next.markInLine();
		return next;
	}

	synchronized void wakeAll() {
		this.waits.forEach(QueuedWait::hint);
	}

	synchronized boolean isEmpty() {
		return this.waits.isEmpty();
	}

}
