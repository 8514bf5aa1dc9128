package dev.distlock.spring.boot.starter;

import java.util.concurrent.atomic.AtomicInteger;

import dev.distlock.spring.DistributedLock;

/**
 * A counter that is only correct under mutual exclusion: a plain {@code int}, read and written in separate steps, and
 * a gauge of how many callers are inside at once.
 */
public class Counter {

	private final AtomicInteger inside = new AtomicInteger();

	private final AtomicInteger mostInside = new AtomicInteger();

	private int count;

	@DistributedLock(key = "'counter:' + #name", blocking = true, waitTime = "60s", interval = "5ms")
	public void increment(String name) {
		this.mostInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
		try {
			int read = this.count;
			// Widens the window between read and write, so that a missing lock shows as lost updates.
			Thread.yield();
			this.count = read + 1;
		}
		finally {
			this.inside.decrementAndGet();
		}
	}

	/**
	 * The count.
	 * @return the number of increments that were not lost
	 */
	public int count() {
		return this.count;
	}

	/**
	 * The most callers ever inside {@link #increment(String)} at the same time.
	 * @return 1 under a working lock
	 */
	public int mostInside() {
		return this.mostInside.get();
	}

}
