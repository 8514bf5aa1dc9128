package dev.distlock;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.distlock.event.LockSubscription;

/** A subscription whose removal runs at most once, however often it is closed. */
final class OnceSubscription implements LockSubscription {

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Runnable removal;

	OnceSubscription(Runnable removal) {
		this.removal = removal;
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.removal.run();
		}
	}

}
